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

    /// Where a shopper types the serial by hand when the QR does not scan: the QR URL's
    /// host in lower case with the serial-entry path `/c`, e.g. `rongma.example.cn/c`
    /// (the same for short and Digital Link URLs). `None` when the URL names no host.
    pub fn manual_address(&self) -> Option<String> {
        manual_address(&self.url)
    }
}

/// `HTTPS://RONGMA.EXAMPLE.CN/C/…` → `rongma.example.cn/c`; see [`TagCodes::manual_address`].
pub fn manual_address(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    ok.then(|| format!("{}/c", host.to_ascii_lowercase()))
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
