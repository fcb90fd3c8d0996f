//! Labels of the report fields on forms (report entry, the grading dry run) and in error
//! messages: `field.` + the field's name (`field.measured.fill_power_cm`), as labs write
//! them on a test report, (key, 中文, English).

pub static TEXTS: &[(&str, &str, &str)] = &[
    (
        "field.declared.species",
        "申报羽绒种类（鸭绒/鹅绒）",
        "Declared species (duck/goose)",
    ),
    (
        "field.declared.down_cluster_pct",
        "申报绒子含量（%）",
        "Declared down cluster content (%)",
    ),
    (
        "field.declared.fill_weight_g",
        "申报充绒量（g）",
        "Declared fill weight (g)",
    ),
    (
        "field.measured.down_cluster_pct",
        "绒子含量（%）",
        "Down cluster content (%)",
    ),
    (
        "field.measured.fill_power_cm",
        "蓬松度（cm）",
        "Fill power (cm)",
    ),
    (
        "field.measured.fill_power_method",
        "蓬松度测试方法（成衣/散绒）",
        "Fill power method (garment/loose down)",
    ),
    (
        "field.measured.turbidity_mm",
        "浊度（透明度，mm）",
        "Turbidity (transparency, mm)",
    ),
    (
        "field.measured.oxygen_mg_per_100g",
        "耗氧量（mg/100g）",
        "Oxygen demand (mg/100 g)",
    ),
    ("field.measured.fat_pct", "残脂率（%）", "Residual fat (%)"),
    (
        "field.measured.odour",
        "气味（合格/不合格）",
        "Odour (pass/fail)",
    ),
    (
        "field.measured.down_leakage_fibres",
        "钻绒值（根）",
        "Down leakage (fibres)",
    ),
    (
        "field.measured.fill_weight_g",
        "实测充绒量（g）",
        "Measured fill weight (g)",
    ),
    (
        "field.measured.colour_fastness.wash_change",
        "耐皂洗色牢度·变色（级）",
        "Colour fastness to washing, change (grade)",
    ),
    (
        "field.measured.colour_fastness.wash_stain",
        "耐皂洗色牢度·沾色（级）",
        "Colour fastness to washing, staining (grade)",
    ),
    (
        "field.measured.colour_fastness.water_change",
        "耐水色牢度·变色（级）",
        "Colour fastness to water, change (grade)",
    ),
    (
        "field.measured.colour_fastness.water_stain",
        "耐水色牢度·沾色（级）",
        "Colour fastness to water, staining (grade)",
    ),
    (
        "field.measured.colour_fastness.perspiration_acid_change",
        "耐汗渍色牢度（酸性）·变色（级）",
        "Colour fastness to acid perspiration, change (grade)",
    ),
    (
        "field.measured.colour_fastness.perspiration_acid_stain",
        "耐汗渍色牢度（酸性）·沾色（级）",
        "Colour fastness to acid perspiration, staining (grade)",
    ),
    (
        "field.measured.colour_fastness.perspiration_alkaline_change",
        "耐汗渍色牢度（碱性）·变色（级）",
        "Colour fastness to alkaline perspiration, change (grade)",
    ),
    (
        "field.measured.colour_fastness.perspiration_alkaline_stain",
        "耐汗渍色牢度（碱性）·沾色（级）",
        "Colour fastness to alkaline perspiration, staining (grade)",
    ),
    (
        "field.measured.colour_fastness.rubbing_dry",
        "耐干摩擦色牢度（级）",
        "Colour fastness to dry rubbing (grade)",
    ),
    (
        "field.measured.colour_fastness.rubbing_wet",
        "耐湿摩擦色牢度（级）",
        "Colour fastness to wet rubbing (grade)",
    ),
    (
        "field.measured.colour_fastness.light",
        "耐光色牢度（蓝标 1–8 级）",
        "Colour fastness to light (blue wool 1–8)",
    ),
];

/// The label of report field `name` in `tr`'s language; the name itself if unknown.
pub fn field_label(tr: super::Tr, name: &'static str) -> &'static str {
    tr.try_t(&format!("field.{name}")).unwrap_or(name)
}
