//! Writes the report-sheet seeds (the CSV and XLSX templates the service hands to labs,
//! filled with one good and one bad row) into `fuzz/seeds/report_sheet/`:
//! `cargo run -p rongma-fuzz --example seeds`.

use rongma_app::reports_import::{template, template_columns, SheetFormat};
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/report_sheet");
    std::fs::create_dir_all(&dir).expect("seed directory");
    for (name, format) in [
        ("template.csv", SheetFormat::Csv),
        ("template.xlsx", SheetFormat::Xlsx),
    ] {
        let bytes = template(format).expect("a template");
        std::fs::write(dir.join(name), bytes).expect("write a seed");
    }
    // A CSV with a good row and a bad one, in template column order.
    let columns = template_columns();
    let good = |c: &str| -> &str {
        match c {
            "report_no" => "R-1",
            "credit_code" => "91330482MA2B3C4D5E",
            "style_no" => "PH-001",
            "size" => "M",
            "sample_description" => "成衣 3 件",
            "sampling_date" | "test_date" => "2026-10-08",
            "sampled_by" => "enterprise",
            "declared.species" => "goose",
            "declared.down_cluster_pct" | "measured.down_cluster_pct" => "80",
            "declared.fill_weight_g" | "measured.fill_weight_g" => "200",
            "measured.fill_power_method" => "garment",
            "measured.odour" => "pass",
            c if c.starts_with("measured.colour_fastness") => "4-5",
            _ => "1",
        }
    };
    let mut csv = columns.join(",");
    csv.push('\n');
    csv.push_str(
        &columns
            .iter()
            .map(|c| good(c))
            .collect::<Vec<_>>()
            .join(","),
    );
    csv.push('\n');
    csv.push_str(&columns.iter().map(|_| "=1+1").collect::<Vec<_>>().join(","));
    csv.push('\n');
    std::fs::write(dir.join("rows.csv"), csv).expect("write a seed");
    println!("seeds written to {}", dir.display());
}
