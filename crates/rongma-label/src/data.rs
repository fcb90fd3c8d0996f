//! What goes on a tag (plain strings, formatted by the caller) and how big the tag is.
//!
//! The product part ([`TagData`]) is the same for every tag of a batch and size; only
//! [`TagCodes`] change from tag to tag. Keeping them apart lets exports lay out the
//! product once and stream millions of codes through it.

use crate::error::LabelError;
use rongma_domain::codes::{IssuedCode, Pin, Serial, UrlTemplate};
use serde::{Deserialize, Serialize};

/// Everything printed on a tag except its codes. Values arrive formatted ("90%", "150 g").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagData {
    pub brand: String,
    pub style_number: String,
    pub style_name: String,
    /// Overall grade as "1A".."5A"; printed as a badge "AAAA 级" with "4A" beside it.
    /// Anything else is printed as given.
    pub grade: String,
    /// The five indicator grades in print order (绒子含量, 蓬松度, 浊度, 钻绒值, 色牢度).
    pub indicators: Vec<IndicatorGrade>,
    /// 羽绒种类, e.g. "白鸭绒", "灰鹅绒".
    pub down_species: String,
    /// 绒子含量, e.g. "90%".
    pub down_content: String,
    /// 充绒量 of this size, e.g. "150 g".
    pub fill_weight: String,
    /// Garment size the fill weight is for, e.g. "L" or "175/92A"; empty when one size.
    pub size: String,
    pub certificate_no: String,
    /// A line under the indicators when the certificate's grade is not the one the
    /// indicators give (a reviewer lowered it), e.g. "等级经审核调整为 3A"; empty otherwise.
    #[serde(default)]
    pub grade_note: String,
}

/// One line of the indicator table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorGrade {
    /// e.g. "蓬松度"
    pub name: String,
    /// e.g. "4A"
    pub grade: String,
}

impl IndicatorGrade {
    pub fn new(name: impl Into<String>, grade: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            grade: grade.into(),
        }
    }
}

/// The codes of one tag: the serial (printed and in the QR) and the hidden PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCodes {
    pub serial: Serial,
    /// QR content, an upper-case URL (`UrlTemplate::url`).
    pub url: String,
    /// `None` when the PIN is printed elsewhere (e.g. a label sewn inside): the PIN area
    /// then says where to find it.
    pub pin: Option<Pin>,
}

impl TagCodes {
    /// The codes of an issued tag with its URL; `with_pin` false leaves the PIN off (it is
    /// then printed elsewhere, e.g. on a sewn-in label).
    pub fn new(code: &IssuedCode, urls: &UrlTemplate, with_pin: bool) -> Self {
        Self {
            serial: code.serial,
            url: urls.url(&code.serial),
            pin: with_pin.then_some(code.pin),
        }
    }
}

/// QR error-correction level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EcLevel {
    L,
    M,
    Q,
    H,
}

impl std::fmt::Display for EcLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::L => "L",
            Self::M => "M",
            Self::Q => "Q",
            Self::H => "H",
        })
    }
}

/// Size and inner margin of one tag. The design is drawn for 50 × 90 mm and scaled
/// uniformly (centred) into other sizes, so proportions never distort.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TagLayout {
    pub width_mm: f32,
    pub height_mm: f32,
    /// Space kept free along the edges, in mm of the 50 × 90 design (clamped to 1–8).
    pub margin_mm: f32,
    pub qr_ec: EcLevel,
}

impl Default for TagLayout {
    fn default() -> Self {
        Self {
            width_mm: 50.0,
            height_mm: 90.0,
            margin_mm: 3.0,
            qr_ec: EcLevel::M,
        }
    }
}

impl TagLayout {
    pub(crate) fn check(&self) -> Result<(), LabelError> {
        let ok = |v: f32| v.is_finite() && (20.0..=300.0).contains(&v);
        if ok(self.width_mm) && ok(self.height_mm) {
            Ok(())
        } else {
            Err(LabelError::TagSize {
                width_mm: self.width_mm,
                height_mm: self.height_mm,
            })
        }
    }
}

/// How tags are placed on PDF pages. Defaults: A4 portrait, 5 mm page margin, tags edge to
/// edge (shared cut lines), as many columns and rows as fit — 4 × 3 = 12 tags of 50 × 90.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SheetLayout {
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    pub margin_mm: f32,
    pub gap_mm: f32,
    /// Fixed number of columns, or `None` for as many as fit.
    pub columns: Option<u32>,
    /// Fixed number of rows, or `None` for as many as fit.
    pub rows: Option<u32>,
}

impl Default for SheetLayout {
    fn default() -> Self {
        Self {
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_mm: 5.0,
            gap_mm: 0.0,
            columns: None,
            rows: None,
        }
    }
}

impl SheetLayout {
    /// Columns and rows of `tag` on a page; errors when not even one fits, or when a
    /// fixed number of columns or rows does not fit.
    pub fn grid(&self, tag: &TagLayout) -> Result<(u32, u32), LabelError> {
        let fit = |page: f32, item: f32| -> u32 {
            let room = page - 2.0 * self.margin_mm + self.gap_mm;
            let n = (room / (item + self.gap_mm) + 1e-4).floor();
            if n.is_finite() && n > 0.0 {
                n.min(1000.0) as u32
            } else {
                0
            }
        };
        let max_c = fit(self.page_width_mm, tag.width_mm);
        let max_r = fit(self.page_height_mm, tag.height_mm);
        // A fixed grid that does not fit is an error, not silently fewer tags per page.
        let cols = self.columns.unwrap_or(max_c);
        let rows = self.rows.unwrap_or(max_r);
        if cols == 0 || rows == 0 || cols > max_c || rows > max_r {
            return Err(LabelError::SheetTooSmall {
                tag_w: tag.width_mm,
                tag_h: tag.height_mm,
                page_w: self.page_width_mm,
                page_h: self.page_height_mm,
            });
        }
        Ok((cols, rows))
    }

    /// Tags per page.
    pub fn per_page(&self, tag: &TagLayout) -> Result<u32, LabelError> {
        self.grid(tag).map(|(c, r)| c * r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_holds_twelve_default_tags_and_fixed_grids_must_fit() {
        let tag = TagLayout::default();
        let a4 = SheetLayout::default();
        assert_eq!(a4.grid(&tag).unwrap(), (4, 3));
        let two_by_two = SheetLayout {
            columns: Some(2),
            rows: Some(2),
            ..a4
        };
        assert_eq!(two_by_two.per_page(&tag).unwrap(), 4);
        let too_many = SheetLayout {
            columns: Some(5),
            ..a4
        };
        assert!(matches!(
            too_many.grid(&tag),
            Err(LabelError::SheetTooSmall { .. })
        ));
        let gapped = SheetLayout { gap_mm: 3.0, ..a4 };
        assert_eq!(gapped.grid(&tag).unwrap(), (3, 3));
        assert!(TagLayout {
            width_mm: 10.0,
            ..tag
        }
        .check()
        .is_err());
        assert!(TagLayout {
            height_mm: f32::NAN,
            ..tag
        }
        .check()
        .is_err());
    }
}
