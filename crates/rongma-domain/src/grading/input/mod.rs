//! Builds a [`Report`] from the 23 raw report cells, whatever format they came from,
//! collecting every field error rather than stopping at the first.

use crate::error::FieldErrors;
use crate::grading::catalogue::ComponentId;
use crate::grading::profile::Profile;
use crate::grading::report::{ColourFastness, Declared, Measured, Report};
use fields::{error, missing, parse, Raw, Value, FIELDS};
use rust_decimal::Decimal;

mod csv;
mod fields;
mod json;

pub use csv::CsvColumns;

/// Number of report fields (the CSV template has this many columns).
pub const FIELD_COUNT: usize = FIELDS.len();

/// One report field before parsing.
#[derive(Debug, Clone, Copy)]
enum Cell<'a> {
    /// Not given: a `missing` error.
    Absent,
    /// An error about it (or its parent object) was already recorded.
    Reported,
    Given(Raw<'a>),
}

/// Positions in [`FIELDS`].
const SPECIES: usize = 0;
const METHOD: usize = 5;
const ODOUR: usize = 9;
const FASTNESS: usize = 12;
const LIGHT: usize = 22;

/// The report field names in template order (`declared.species`, …).
pub fn report_field_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.name)
}

/// The CSV header row a report file must start with.
pub fn csv_header() -> String {
    report_field_names().collect::<Vec<_>>().join(",")
}

fn build(
    cells: &[Cell<'_>; FIELD_COUNT],
    profile: &Profile,
    mut errs: FieldErrors,
) -> Result<Report, FieldErrors> {
    let mut vals: [Option<Value>; FIELD_COUNT] = [None; FIELD_COUNT];
    for (i, spec) in FIELDS.iter().enumerate() {
        match cells[i] {
            Cell::Absent => errs.push(missing(spec.name)),
            Cell::Reported => {}
            Cell::Given(raw) => vals[i] = errs.collect(parse(spec, raw)),
        }
    }
    if let Some(Value::Method(m)) = vals[METHOD] {
        if !profile.accepts_method(m) {
            let accepted: Vec<&str> = profile
                .fill_power_methods()
                .iter()
                .map(|m| m.as_str())
                .collect();
            errs.push(error(
                FIELDS[METHOD].name,
                "method_not_accepted",
                format!(
                    "fill-power method {m} is not accepted by profile {} {} (accepted: {})",
                    profile.id(),
                    profile.version(),
                    accepted.join(", ")
                ),
                format!(
                    "分级规范 {} {} 不接受蓬松度测试方法 {m}（接受：{}）",
                    profile.id(),
                    profile.version(),
                    accepted.join("、")
                ),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    // Every cell parsed to the kind its spec names; the fallbacks are unreachable.
    let dec = |i: usize| match vals[i] {
        Some(Value::Dec(d)) => d,
        _ => Decimal::ZERO,
    };
    let (Some(Value::Species(species)), Some(Value::Method(method)), Some(Value::Odour(odour))) =
        (vals[SPECIES], vals[METHOD], vals[ODOUR])
    else {
        errs.push(error(
            "",
            "internal",
            "report fields were not typed as expected",
            "报告字段类型异常",
        ));
        return Err(errs);
    };
    let mut components = [Decimal::ZERO; 10];
    for (k, &id) in ComponentId::ALL.iter().enumerate() {
        components[id as usize] = dec(FASTNESS + k);
    }
    Ok(Report {
        declared: Declared {
            species,
            down_cluster_pct: dec(1),
            fill_weight_g: dec(2),
        },
        measured: Measured {
            down_cluster_pct: dec(3),
            fill_power_cm: dec(4),
            fill_power_method: method,
            turbidity_mm: dec(6),
            oxygen_mg_per_100g: dec(7),
            fat_pct: dec(8),
            odour,
            down_leakage_fibres: dec(10),
            fill_weight_g: dec(11),
            colour_fastness: ColourFastness {
                components,
                light: dec(LIGHT),
            },
        },
    })
}
