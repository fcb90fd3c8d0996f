//! The report fields (one catalogue shared by the JSON and CSV readers) and how one raw
//! cell becomes a typed value or a [`FieldError`] with English and Chinese messages.

use crate::error::FieldError;
use crate::grading::catalogue::{FillPowerMethod, Odour, Species};
use crate::grading::decimal::{decimal_from_f64, parse_decimal_text};
use rust_decimal::Decimal;

/// Which JSON object a field lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
    Declared,
    Measured,
    Fastness,
}

/// How a field's value is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Species,
    Percent,
    /// A positive amount (the declared fill weight divides the measured one).
    Positive,
    Amount,
    Turbidity,
    Method,
    Odour,
    /// Grey scale 1–5, half steps.
    Fastness,
    /// Blue-wool scale 1–8, half steps.
    Light,
}

pub(super) struct FieldSpec {
    pub name: &'static str,
    pub group: Group,
    pub leaf: &'static str,
    pub kind: Kind,
}

const fn f(name: &'static str, group: Group, leaf: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec {
        name,
        group,
        leaf,
        kind,
    }
}

use Group::{Declared as D, Fastness as F, Measured as M};

/// Every report field, in CSV template order. Positions 12..22 are the colour-fastness
/// components in `ComponentId` order; 22 is light fastness.
#[rustfmt::skip]
pub(super) const FIELDS: [FieldSpec; 23] = [
    f("declared.species", D, "species", Kind::Species),
    f("declared.down_cluster_pct", D, "down_cluster_pct", Kind::Percent),
    f("declared.fill_weight_g", D, "fill_weight_g", Kind::Positive),
    f("measured.down_cluster_pct", M, "down_cluster_pct", Kind::Percent),
    f("measured.fill_power_cm", M, "fill_power_cm", Kind::Amount),
    f("measured.fill_power_method", M, "fill_power_method", Kind::Method),
    f("measured.turbidity_mm", M, "turbidity_mm", Kind::Turbidity),
    f("measured.oxygen_mg_per_100g", M, "oxygen_mg_per_100g", Kind::Amount),
    f("measured.fat_pct", M, "fat_pct", Kind::Percent),
    f("measured.odour", M, "odour", Kind::Odour),
    f("measured.down_leakage_fibres", M, "down_leakage_fibres", Kind::Amount),
    f("measured.fill_weight_g", M, "fill_weight_g", Kind::Amount),
    f("measured.colour_fastness.wash_change", F, "wash_change", Kind::Fastness),
    f("measured.colour_fastness.wash_stain", F, "wash_stain", Kind::Fastness),
    f("measured.colour_fastness.water_change", F, "water_change", Kind::Fastness),
    f("measured.colour_fastness.water_stain", F, "water_stain", Kind::Fastness),
    f("measured.colour_fastness.perspiration_acid_change", F, "perspiration_acid_change", Kind::Fastness),
    f("measured.colour_fastness.perspiration_acid_stain", F, "perspiration_acid_stain", Kind::Fastness),
    f("measured.colour_fastness.perspiration_alkaline_change", F, "perspiration_alkaline_change", Kind::Fastness),
    f("measured.colour_fastness.perspiration_alkaline_stain", F, "perspiration_alkaline_stain", Kind::Fastness),
    f("measured.colour_fastness.rubbing_dry", F, "rubbing_dry", Kind::Fastness),
    f("measured.colour_fastness.rubbing_wet", F, "rubbing_wet", Kind::Fastness),
    f("measured.colour_fastness.light", F, "light", Kind::Light),
];

/// A value as it came in, before typing.
#[derive(Debug, Clone, Copy)]
pub(super) enum Raw<'a> {
    Text(&'a str),
    Number(&'a serde_json::Number),
    /// Any other JSON type; the name is for the message.
    Other(&'static str),
}

/// A typed value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Value {
    Dec(Decimal),
    Species(Species),
    Method(FillPowerMethod),
    Odour(Odour),
}

pub(super) fn error(
    field: &str,
    code: &str,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> FieldError {
    FieldError::new(field, code, en, zh)
}

pub(super) fn missing(field: &str) -> FieldError {
    error(field, "missing", "is required", "缺少必填字段")
}

/// The message for turbidity given as NTU (a turbidimeter reading) instead of mm.
pub(super) fn turbidity_ntu(field: &str) -> FieldError {
    error(
        field,
        "turbidity_ntu",
        "turbidity is a transparency depth in mm (higher is cleaner), never NTU; give measured.turbidity_mm",
        "浊度是透明度深度，单位为 mm（数值越大越洁净），不是 NTU；请填写 measured.turbidity_mm",
    )
}

/// Reads one cell of the given kind.
pub(super) fn parse(spec: &FieldSpec, raw: Raw<'_>) -> Result<Value, FieldError> {
    let name = spec.name;
    match spec.kind {
        Kind::Species => word(
            name,
            raw,
            Species::parse,
            "duck or goose",
            "duck（鸭绒）或 goose（鹅绒）",
            "species",
        )
        .map(Value::Species),
        Kind::Method => word(
            name,
            raw,
            FillPowerMethod::parse,
            "garment or bulk",
            "garment（成衣取样）或 bulk（散绒）",
            "method",
        )
        .map(Value::Method),
        Kind::Odour => word(
            name,
            raw,
            Odour::parse,
            "pass or fail",
            "pass 或 fail",
            "odour",
        )
        .map(Value::Odour),
        Kind::Fastness | Kind::Light => {
            fastness(name, raw, spec.kind == Kind::Light).map(Value::Dec)
        }
        kind => {
            let v = decimal(name, raw, kind == Kind::Turbidity)?;
            if v < Decimal::ZERO {
                return Err(error(
                    name,
                    "negative",
                    "must not be negative",
                    "不能为负数",
                ));
            }
            if kind == Kind::Percent && v > Decimal::ONE_HUNDRED {
                return Err(error(
                    name,
                    "over_100",
                    format!("{v}% is over 100 %"),
                    format!("{v}% 超过 100%"),
                ));
            }
            if kind == Kind::Positive && v.is_zero() {
                return Err(error(
                    name,
                    "not_positive",
                    "must be greater than zero",
                    "必须大于零",
                ));
            }
            Ok(Value::Dec(v))
        }
    }
}

fn decimal(name: &str, raw: Raw<'_>, turbidity: bool) -> Result<Decimal, FieldError> {
    let parsed = match raw {
        Raw::Text(s) if turbidity && s.to_ascii_lowercase().contains("ntu") => {
            return Err(turbidity_ntu(name))
        }
        Raw::Text(s) => parse_decimal_text(s).ok_or_else(|| s.to_owned()),
        Raw::Number(n) => number(n).ok_or_else(|| n.to_string()),
        Raw::Other(t) => {
            return Err(error(
                name,
                "wrong_type",
                format!("must be a number, not {t}"),
                format!("必须是数字，不能是 {t}"),
            ));
        }
    };
    parsed.map_err(|s| {
        error(
            name,
            "not_a_number",
            format!("{s:?} is not a decimal number"),
            format!("“{s}”不是有效的数字"),
        )
    })
}

/// A JSON number as an exact decimal: integers directly, others via shortest float text.
fn number(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    n.as_f64().and_then(decimal_from_f64)
}

/// A grey-scale or blue-wool grade: "4", "4.5", 4.5 or the lab notation "4-5".
fn fastness(name: &str, raw: Raw<'_>, light: bool) -> Result<Decimal, FieldError> {
    let v = match raw {
        Raw::Text(s) => match s.trim().split_once('-') {
            Some((a, b)) => match (parse_decimal_text(a), parse_decimal_text(b)) {
                (Some(a), Some(b)) if a.is_integer() && b - a == Decimal::ONE => {
                    ((a + b) / Decimal::TWO).normalize()
                }
                _ => {
                    return Err(error(
                        name,
                        "not_a_number",
                        format!("{s:?} is not a grade such as 4 or 4-5"),
                        format!("“{s}”不是有效的评级（如 4 或 4-5）"),
                    ))
                }
            },
            None => decimal(name, raw, false)?,
        },
        _ => decimal(name, raw, false)?,
    };
    let (top, scale_en, scale_zh) = if light {
        (8, "blue-wool", "蓝色羊毛标准")
    } else {
        (5, "grey-scale", "灰色样卡")
    };
    if v < Decimal::ONE || v > Decimal::from(top) {
        return Err(error(
            name,
            "out_of_range",
            format!("{v} is outside the {scale_en} range 1–{top}"),
            format!("{v} 超出{scale_zh}评级范围 1–{top}"),
        ));
    }
    if !(v * Decimal::TWO).fract().is_zero() {
        return Err(error(
            name,
            "not_half_step",
            format!("{v} is not a half step (use e.g. 4, 4.5 or \"4-5\")"),
            format!("{v} 不是半级（应如 4、4.5 或“4-5”）"),
        ));
    }
    Ok(v)
}

/// A word from a closed list (species, method, odour), case-insensitive.
/// The words labs write on Chinese reports, as the ids they stand for.
fn chinese_word(t: &str) -> Option<&'static str> {
    Some(match t {
        "鸭绒" | "鸭" | "白鸭绒" | "灰鸭绒" | "鸭绒毛" => "duck",
        "鹅绒" | "鹅" | "白鹅绒" | "灰鹅绒" | "鹅绒毛" => "goose",
        "成衣" | "成衣取样" | "成衣法" => "garment",
        "散绒" | "散绒法" | "羽绒" => "bulk",
        "合格" | "无异味" | "通过" => "pass",
        "不合格" | "有异味" | "不通过" => "fail",
        _ => return None,
    })
}

fn word<T>(
    name: &str,
    raw: Raw<'_>,
    parse: fn(&str) -> Option<T>,
    en: &str,
    zh: &str,
    what: &str,
) -> Result<T, FieldError> {
    let Raw::Text(s) = raw else {
        return Err(error(
            name,
            "wrong_type",
            format!("must be text: {en}"),
            format!("必须是文本：{zh}"),
        ));
    };
    let t = s.trim();
    parse(t)
        .or_else(|| parse(&t.to_ascii_lowercase()))
        .or_else(|| chinese_word(t).and_then(parse))
        .ok_or_else(|| {
            error(
                name,
                &format!("unknown_{what}"),
                format!("unknown value {s:?}: expected {en}"),
                format!("未知取值“{s}”，应为 {zh}"),
            )
        })
}
