//! What a batch's tags print, gathered from its product, brand and certificate: brand,
//! style, down species and colour, 绒子含量, the size's 充绒量, certificate number, grade
//! and the five indicator grades. One [`TagData`] per size of the batch.

use crate::error::{AppError, AppResult};
use rongma_domain::codes::SeqRange;
use rongma_domain::registry::{Brand, Product};
use rongma_domain::workflow::{Certificate, GradeAdjustment};
use rongma_label::{IndicatorGrade, TagData};
use rongma_store::CodeBatch;

/// The five indicators in print order, by their id in grading profiles.
const INDICATORS: [(&str, &str); 5] = [
    ("down_cluster", "绒子含量"),
    ("fill_power", "蓬松度"),
    ("turbidity", "浊度"),
    ("down_leakage", "钻绒值"),
    ("colour_fastness", "色牢度"),
];

/// One stretch of a batch printed with the same tag data (one size, or the whole batch).
pub struct TagPart {
    pub range: SeqRange,
    pub data: TagData,
}

fn indicators(c: &Certificate) -> Vec<IndicatorGrade> {
    let mut out: Vec<IndicatorGrade> = INDICATORS
        .iter()
        .filter_map(|(id, name)| {
            c.indicator_grades
                .get(*id)
                .map(|g| IndicatorGrade::new(*name, g.to_string()))
        })
        .collect();
    // Indicators of a future profile that this table does not know are printed by id.
    for (id, g) in &c.indicator_grades {
        if !INDICATORS.iter().any(|(known, _)| known == id) {
            out.push(IndicatorGrade::new(id.clone(), g.to_string()));
        }
    }
    out
}

fn grams(d: rust_decimal::Decimal) -> String {
    format!("{} g", d.normalize())
}

/// Tag data for each stretch of the batch, in serial order.
pub fn tag_parts(
    batch: &CodeBatch,
    product: &Product,
    brand: &Brand,
    cert: &Certificate,
    adjustment: Option<&GradeAdjustment>,
) -> AppResult<Vec<TagPart>> {
    // The indicators are the measured grades; a lowered certificate grade says so.
    let grade_note = adjustment
        .map(|a| format!("等级经审核调整为 {}", a.grade))
        .unwrap_or_default();
    let data = |size: &str, fill: String| TagData {
        brand: brand.name.clone(),
        style_number: product.style_no.clone(),
        style_name: product.name.clone(),
        grade: cert.grade.to_string(),
        indicators: indicators(cert),
        down_species: format!(
            "{}{}",
            product.colour.label_zh(),
            product.species.label_zh()
        ),
        down_content: format!("{}%", product.declared_down_cluster_pct.normalize()),
        fill_weight: fill,
        size: size.to_owned(),
        certificate_no: cert.number.clone(),
        grade_note: grade_note.clone(),
    };
    if batch.sizes.is_empty() {
        // No breakdown: the tag states the product's range of fill weights.
        let weights = product.sizes.iter().map(|s| s.fill_weight_g);
        let fill = match (weights.clone().min(), weights.max()) {
            (Some(a), Some(b)) if a == b => grams(a),
            (Some(a), Some(b)) => format!("{}–{}", a.normalize(), grams(b)),
            _ => String::new(),
        };
        return Ok(vec![TagPart {
            range: batch.range,
            data: data("", fill),
        }]);
    }
    let parts =
        rongma_domain::codes::size_ranges(&batch.sizes, batch.range).map_err(AppError::internal)?;
    Ok(parts
        .into_iter()
        .map(|(range, s)| TagPart {
            range,
            data: data(&s.size, grams(s.fill_weight_g)),
        })
        .collect())
}
