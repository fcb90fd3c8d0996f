//! Lab report values and report bodies that the default profile grades 4A.

use serde_json::{json, Value};

/// Report values that grade 4A (fill power, turbidity and leakage limit it) for a goose
/// product declaring 80 % and 200 g.
pub fn values_4a() -> Value {
    json!({
        "declared": {"species": "goose", "down_cluster_pct": "80", "fill_weight_g": "200"},
        "measured": {
            "down_cluster_pct": "82.4", "fill_power_cm": "18.5", "fill_power_method": "garment",
            "turbidity_mm": 850, "oxygen_mg_per_100g": "3.2", "fat_pct": "0.8", "odour": "pass",
            "down_leakage_fibres": 8, "fill_weight_g": "203",
            "colour_fastness": {
                "wash_change": "4-5", "wash_stain": "4.5", "water_change": "4-5", "water_stain": "4-5",
                "perspiration_acid_change": "4-5", "perspiration_acid_stain": "4-5",
                "perspiration_alkaline_change": "4-5", "perspiration_alkaline_stain": "4-5",
                "rubbing_dry": "4-5", "rubbing_wet": "4", "light": "4"
            }
        }
    })
}

/// A report body for `POST /api/v1/reports`: report number `no` on `product_id`, sampled
/// by an inspector, with [`values_4a`].
pub fn report(product_id: i64, no: &str) -> Value {
    json!({
        "report_no": no, "product_id": product_id, "size": "M", "sample_description": "成衣 3 件",
        "sampling_date": "2026-10-08", "batch_no": "B-2026-10", "sampled_by": "inspector", "sampler": "李检查员",
        "test_date": "2026-10-15", "values": values_4a()
    })
}
