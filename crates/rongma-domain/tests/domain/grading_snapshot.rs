//! One full result as JSON, pinned: the shape other crates and stored results rely on.

use crate::grading_support::{grade_json, profile, set_all, top_report};
use serde_json::json;

#[test]
fn full_result_json() {
    let p = profile();
    let report = set_all(
        top_report(),
        [
            ("measured.fill_power_cm", json!(16.4)),
            ("measured.down_leakage_fibres", json!("12")),
            ("measured.turbidity_mm", json!("712.5")),
            ("measured.down_cluster_pct", json!("76.35")),
            ("measured.colour_fastness.wash_change", json!("4-5")),
            ("measured.colour_fastness.rubbing_wet", json!("3.0")),
        ],
    );
    let result = grade_json(&report, &p);
    insta::assert_json_snapshot!(result, @r#"
    {
      "gradable": true,
      "grade": "3A",
      "profile": {
        "id": "pinghu-down-garment",
        "version": "2025.1-default",
        "hash": "e9d0aa218e8e0f6184ebf9b5a37a59b5d0a4412074f37c93ef000eafb058652b"
      },
      "fill_power_method": "garment",
      "indicators": [
        {
          "id": "down_cluster",
          "name": {
            "zh": "绒子含量",
            "en": "Down cluster content"
          },
          "unit": "%",
          "direction": "higher",
          "grade": "5A",
          "value": "76.35",
          "rounded": "76.4",
          "threshold": "75.0",
          "next_threshold": null,
          "gap": null,
          "borderline": false,
          "explanation": {
            "zh": "绒子含量 76.35%（修约为 76.4%），达到 5A（≥75.0%），为最高等级",
            "en": "Down cluster content 76.35% (rounded to 76.4%) reaches 5A (≥ 75.0%), the top grade"
          }
        },
        {
          "id": "fill_power",
          "name": {
            "zh": "蓬松度",
            "en": "Fill power"
          },
          "unit": "cm",
          "direction": "higher",
          "grade": "3A",
          "value": "16.4",
          "rounded": "16.4",
          "threshold": "16.0",
          "next_threshold": "18.0",
          "gap": "1.6",
          "borderline": false,
          "explanation": {
            "zh": "蓬松度 16.4 cm，达到 3A（≥16.0 cm），距 4A 还差 1.6 cm",
            "en": "Fill power 16.4 cm reaches 3A (≥ 16.0 cm); 1.6 cm short of 4A"
          }
        },
        {
          "id": "turbidity",
          "name": {
            "zh": "浊度（透明度）",
            "en": "Turbidity (transparency)"
          },
          "unit": "mm",
          "direction": "higher",
          "grade": "3A",
          "value": "712.5",
          "rounded": "712",
          "threshold": "700",
          "next_threshold": "800",
          "gap": "88",
          "borderline": true,
          "explanation": {
            "zh": "浊度（透明度） 712.5 mm（修约为 712 mm），达到 3A（≥700 mm），距 4A 还差 88 mm；接近等级临界值，建议复检",
            "en": "Turbidity (transparency) 712.5 mm (rounded to 712 mm) reaches 3A (≥ 700 mm); 88 mm short of 4A; borderline — retest advised"
          }
        },
        {
          "id": "down_leakage",
          "name": {
            "zh": "钻绒值",
            "en": "Down leakage"
          },
          "unit": "fibres",
          "direction": "lower",
          "grade": "3A",
          "value": "12",
          "rounded": "12",
          "threshold": "15",
          "next_threshold": "10",
          "gap": "2",
          "borderline": false,
          "explanation": {
            "zh": "钻绒值 12 根，达到 3A（≤15 根），距 4A 还需减少 2 根",
            "en": "Down leakage 12 fibres reaches 3A (≤ 15 fibres); 2 fibres above the 4A limit"
          }
        },
        {
          "id": "colour_fastness",
          "name": {
            "zh": "色牢度",
            "en": "Colour fastness"
          },
          "unit": "grey_scale",
          "direction": "higher",
          "grade": "3A",
          "value": null,
          "rounded": null,
          "threshold": null,
          "next_threshold": null,
          "gap": null,
          "borderline": false,
          "components": [
            {
              "id": "wash_change",
              "grade": "5A",
              "value": "4.5",
              "rounded": "4.5",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "wash_stain",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "water_change",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "water_stain",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "perspiration_acid_change",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "perspiration_acid_stain",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "perspiration_alkaline_change",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "perspiration_alkaline_stain",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "rubbing_dry",
              "grade": "5A",
              "value": "5",
              "rounded": "5.0",
              "threshold": "4.5",
              "next_threshold": null,
              "gap": null,
              "borderline": false
            },
            {
              "id": "rubbing_wet",
              "grade": "3A",
              "value": "3.0",
              "rounded": "3.0",
              "threshold": "3.0",
              "next_threshold": "3.5",
              "gap": "0.5",
              "borderline": false
            }
          ],
          "explanation": {
            "zh": "色牢度取各分项最低等级 3A（最低项：耐湿摩擦色牢度）",
            "en": "Colour fastness takes its lowest component grade, 3A (lowest: Fastness to rubbing (wet))"
          }
        }
      ],
      "limiting": [
        "fill_power",
        "turbidity",
        "down_leakage",
        "colour_fastness"
      ],
      "baseline_failures": [],
      "explanation": {
        "zh": "总评 3A：取各项指标的最低等级，受限于蓬松度、浊度（透明度）、钻绒值、色牢度；临界指标：浊度（透明度），建议复检",
        "en": "Overall 3A: the lowest indicator grade, limited by Fill power, Turbidity (transparency), Down leakage, Colour fastness; borderline: Turbidity (transparency) — retest advised"
      }
    }
    "#);
}
