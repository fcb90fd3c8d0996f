//! The scan page's view model: a [`ScanView`] worded for people in the page language.

use crate::i18n::Tr;
use crate::web::shared::labels::certificate_state_label as state_label;
use crate::web::shared::labels::down_label;
use crate::web::shared::result::{adjusted_line, ResultView};
use crate::web::shared::view::local_time;
use askama::Template;
use rongma_app::codes::CodeVerdict;
use rongma_app::scans::{BatchEntry, PinReceipt, ReceiptKind, ScanView};
use rongma_app::App;
use rongma_domain::workflow::CertificateState;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "scan.html", whitespace = "minimize")]
pub struct ScanPage {
    pub lang_html: &'static str,
    pub tr: Tr,
    pub title: String,
    pub switch_href: String,
    pub genuine: Option<GenuineView>,
    pub not_genuine: Option<NotGenuineView>,
    pub error: Option<String>,
}

impl ScanPage {
    pub fn new(tr: Tr, path: &str, serial: &str) -> Self {
        let other = tr.0.other().code();
        let safe: String = serial
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(40)
            .collect();
        let path = if path.starts_with("/c/") {
            format!("/c/{safe}")
        } else {
            path.to_owned()
        };
        Self {
            lang_html: tr.0.html(),
            tr,
            title: tr.t("scan.title").to_owned(),
            switch_href: format!("{path}?lang={other}"),
            genuine: None,
            not_genuine: None,
            error: None,
        }
    }
}

pub struct IndicatorLine {
    pub name: String,
    pub grade: String,
    pub value: String,
    pub explanation: String,
    pub limiting: bool,
}

pub struct PinMessage {
    pub class: &'static str,
    pub text: String,
    pub warning: Option<String>,
}

pub struct GenuineView {
    pub verdict_class: &'static str,
    pub verdict_text: String,
    pub reason: Option<String>,
    pub gtin_warning: Option<String>,
    /// When a regrade superseded the tag's certificate: what that means for this tag, and
    /// the link to the current version.
    pub version_note: Option<(String, String)>,
    /// Grade, indicators and facts: the same for every code of a batch with the same
    /// size, state and language, so rendered once per cached batch ([`fixed_parts`]).
    pub fixed: Arc<FixedParts>,
    pub serial_grouped: String,
    pub count_text: String,
    pub pin_action: String,
    /// The answer of the PIN check just made, shown at the top of the page.
    pub pin_result: Option<PinMessage>,
    /// How often the tag was verified before (on a plain scan; a PIN answer says it).
    pub pin_info: Option<String>,
    pub pin_locked: Option<String>,
    pub complaint_href: String,
    pub public_href: Option<String>,
}

/// The scan page's fixed parts, as HTML (escaped when rendered).
pub struct FixedParts {
    pub head: String,
    pub facts: String,
}

/// The colour class of a grade ("g1" … "g5"), the same for the badge and the indicators.
fn grade_class(grade: impl AsRef<str>) -> &'static str {
    match grade.as_ref().trim() {
        "5A" => "g5",
        "4A" => "g4",
        "3A" => "g3",
        "2A" => "g2",
        "1A" => "g1",
        _ => "g0",
    }
}

#[derive(Template)]
#[template(path = "scan_head.html", whitespace = "minimize")]
struct HeadPart {
    tr: Tr,
    grade: Option<String>,
    grade_live: bool,
    product_line: Option<String>,
    summary: Option<String>,
    indicators: Vec<IndicatorLine>,
}

#[derive(Template)]
#[template(path = "scan_facts.html", whitespace = "minimize")]
struct FactsPart {
    sections: Vec<(&'static str, Vec<Fact>)>,
}

/// One fact row of the scan page: a label and its text, optionally a link (both escaped
/// by the template; the href is built by the server, never from scanned input).
struct Fact {
    label: &'static str,
    text: String,
    href: Option<String>,
}

impl From<(&'static str, String)> for Fact {
    fn from((label, text): (&'static str, String)) -> Self {
        Fact {
            label,
            text,
            href: None,
        }
    }
}

pub struct NotGenuineView {
    pub heading: String,
    pub text: String,
    pub detail: String,
    pub complaint_href: String,
}

fn indicator_name(tr: Tr, id: &str) -> String {
    let (zh, en) = match id {
        "down_cluster" => ("绒子含量", "Down cluster content"),
        "fill_power" => ("蓬松度", "Fill power"),
        "turbidity" => ("浊度", "Turbidity"),
        "down_leakage" => ("钻绒值", "Down leakage"),
        "colour_fastness" => ("色牢度", "Colour fastness"),
        other => (other, other),
    };
    tr.0.pick(zh, en).to_owned()
}

fn lang_suffix(tr: Tr) -> &'static str {
    tr.0.pick("", "?lang=en")
}

pub fn genuine_view(tr: Tr, v: &ScanView, app: &App) -> GenuineView {
    let (verdict_class, key) = match v.verdict {
        CodeVerdict::Valid => ("ok", "scan.verdict.valid"),
        CodeVerdict::Revoked => ("bad", "scan.verdict.revoked"),
        CodeVerdict::CertificateRevoked => ("bad", "scan.verdict.certificate_revoked"),
        CodeVerdict::CertificateSuspended => ("warn", "scan.verdict.certificate_suspended"),
        CodeVerdict::CertificateLapsed => ("warn", "scan.verdict.certificate_expired"),
        CodeVerdict::NotIssued => ("bad", "scan.verdict.not_issued"),
    };
    let reason = match (&v.revocation, &v.certificate) {
        (Some(r), _) => Some(format!(
            "{}（{}；{} {}）",
            r.reason,
            tr.t(match r.scope {
                "batch" => "scan.revoked_scope.batch",
                "range" => "scan.revoked_scope.range",
                _ => "scan.revoked_scope.serial",
            }),
            tr.t("scan.revoked_at"),
            local_time(r.revoked_at)
        )),
        (None, Some(c))
            if v.verdict != CodeVerdict::Valid
                && matches!(
                    c.state,
                    CertificateState::Suspended | CertificateState::Revoked
                ) =>
        {
            c.state_reason.clone()
        }
        _ => None,
    };
    let gtin_warning = v.gtin_mismatch.as_ref().map(|m| {
        tr.t("scan.gtin_mismatch")
            .replace("{link}", &m.link_gtin)
            .replace(
                "{expected}",
                m.expected_gtin.as_deref().unwrap_or(tr.t("scan.no_gtin")),
            )
    });
    let version_note = v.certificate.as_ref().and_then(|c| {
        let n = c.superseded_by.as_ref()?;
        let text = tr
            .t(if v.verdict == CodeVerdict::Valid {
                "scan.version.still_valid"
            } else {
                "scan.version.newer"
            })
            .replace("{v}", &c.version.to_string())
            .replace("{grade}", &c.grade.to_string())
            .replace("{cv}", &n.version.to_string())
            .replace("{cgrade}", &n.grade.to_string());
        let href = v
            .product
            .as_ref()
            .map(|p| format!("/public/products/{}{}", p.product_id, lang_suffix(tr)))?;
        Some((text, href))
    });
    let fixed = match &v.entry {
        Some(e) => e.memo(fixed_key(tr, v, e), || fixed_parts(tr, v)),
        None => Arc::new(fixed_parts(tr, v)),
    };
    let count_text = tr
        .t("scan.count_first")
        .replace("{n}", &v.scans.count.to_string())
        .replace(
            "{at}",
            &v.scans.first_at.map(local_time).unwrap_or_default(),
        );
    let pin_locked = v
        .scans
        .pin_locked_until
        .map(|t| tr.t("scan.pin_locked").replace("{at}", &local_time(t)));
    let pin_info = (v.scans.pin_verified > 0).then(|| {
        tr.t("scan.pin_verified_before")
            .replace("{n}", &v.scans.pin_verified.to_string())
            .replace(
                "{at}",
                &v.scans
                    .first_pin_verified_at
                    .map(local_time)
                    .unwrap_or_default(),
            )
    });
    let _ = app;
    GenuineView {
        verdict_class,
        verdict_text: tr.t(key).to_owned(),
        reason,
        gtin_warning,
        version_note,
        fixed,
        serial_grouped: v.serial_grouped.clone(),
        count_text,
        pin_action: format!("/c/{}/pin{}", v.serial, lang_suffix(tr)),
        pin_result: None,
        pin_info,
        pin_locked,
        complaint_href: format!(
            "/complaint/new?serial={}{}",
            v.serial,
            tr.0.pick("", "&lang=en")
        ),
        public_href: v
            .product
            .as_ref()
            .map(|p| format!("/public/products/{}{}", p.product_id, lang_suffix(tr))),
    }
}

/// What the fixed parts of `v` depend on besides its batch entry: the language, whether the
/// grade is live, the certificate's state today and the code's size.
fn fixed_key(tr: Tr, v: &ScanView, e: &BatchEntry) -> u64 {
    let lang = u64::from(tr.0.code() == "en");
    let live = u64::from(v.verdict == CodeVerdict::Valid);
    let state = match v.certificate.as_ref().map(|c| c.state) {
        None => 0,
        Some(CertificateState::Active) => 1,
        Some(CertificateState::Suspended) => 2,
        Some(CertificateState::Revoked) => 3,
        Some(CertificateState::Expired) => 4,
        Some(CertificateState::Superseded) => 5,
    };
    let size = v.batch.as_ref().and_then(|b| {
        e.batch.sizes.iter().position(|s| {
            b.size.as_ref() == Some(&s.size) && b.fill_weight_g == Some(s.fill_weight_g)
        })
    });
    let size = size.map_or(0, |i| i as u64 + 1);
    lang | live << 1 | state << 2 | size << 5
}

/// Renders the fixed parts of `v`'s page.
fn fixed_parts(tr: Tr, v: &ScanView) -> FixedParts {
    let result = match (&v.result, &v.certificate) {
        (Some(r), Some(c)) => Some(ResultView::for_consumers(
            "",
            r,
            c.grade,
            c.adjustment.as_ref(),
            tr.0,
        )),
        _ => None,
    };
    let indicators = match (&result, &v.certificate) {
        (Some(r), _) => r
            .rows
            .iter()
            .map(|i| IndicatorLine {
                name: i.name.clone(),
                grade: i.grade.clone(),
                value: i.value.clone(),
                explanation: i.explanation.clone(),
                limiting: i.limiting,
            })
            .collect(),
        (None, Some(c)) => c
            .indicator_grades
            .iter()
            .map(|(id, g)| IndicatorLine {
                name: indicator_name(tr, id),
                grade: g.to_string(),
                value: String::new(),
                explanation: String::new(),
                limiting: false,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut sections = Vec::new();
    if let Some(p) = &v.product {
        let fill = match (
            &v.batch.as_ref().and_then(|b| b.size.clone()),
            v.batch.as_ref().and_then(|b| b.fill_weight_g),
        ) {
            (Some(size), Some(w)) => format!("{w} g（{size}）"),
            _ => p
                .sizes
                .iter()
                .map(|s| format!("{} {} g", s.size, s.fill_weight_g))
                .collect::<Vec<_>>()
                .join("，"),
        };
        let mut rows = vec![
            (tr.t("scan.brand"), p.brand.clone()),
            (tr.t("scan.style"), format!("{} {}", p.style_no, p.name)),
            (tr.t("scan.species"), down_label(tr, p.colour, p.species)),
            (
                tr.t("scan.down_cluster"),
                format!("{} %", p.declared_down_cluster_pct),
            ),
            (tr.t("scan.fill_weight"), fill),
        ];
        if let Some(b) = &v.batch {
            rows.push((
                tr.t("scan.lot"),
                format!("{} · {}", b.lot_no, b.production_date),
            ));
        }
        sections.push((
            tr.t("scan.product"),
            rows.into_iter().map(Fact::from).collect(),
        ));
    }
    if let Some(e) = &v.enterprise {
        sections.push((
            tr.t("scan.enterprise"),
            vec![
                (tr.t("scan.enterprise"), e.name.clone()).into(),
                (tr.t("scan.credit_code"), e.credit_code.clone()).into(),
            ],
        ));
    }
    if let Some(c) = &v.certificate {
        let mut rows: Vec<Fact> = vec![
            (
                tr.t("scan.certificate_no"),
                format!("{} (v{})", c.number, c.version),
            )
                .into(),
            (
                tr.t("scan.validity"),
                format!("{} — {}", c.valid_from, c.valid_until),
            )
                .into(),
            (tr.t("scan.state"), state_label(tr, c.state).to_owned()).into(),
        ];
        if let Some(i) = c.log_index {
            rows.push(Fact {
                label: tr.t("log.entry"),
                text: format!("#{i}"),
                href: Some(crate::web::log::proof_href(i)),
            });
        }
        if let Some(r) = &v.report {
            rows.push((tr.t("scan.lab"), r.lab.clone()).into());
            rows.push((tr.t("scan.report_no"), r.report_no.clone()).into());
            rows.push((tr.t("scan.test_date"), r.test_date.to_string()).into());
        }
        sections.push((tr.t("scan.certificate"), rows));
    }
    let head = HeadPart {
        tr,
        grade: v.certificate.as_ref().map(|c| c.grade.to_string()),
        grade_live: v.verdict == CodeVerdict::Valid,
        product_line: v
            .product
            .as_ref()
            .map(|p| format!("{} · {}", p.brand, p.name)),
        summary: result.as_ref().map(|r| r.summary.clone()).or_else(|| {
            v.certificate
                .as_ref()
                .and_then(|c| c.adjustment.as_ref())
                .map(|a| adjusted_line(a, tr.0))
        }),
        indicators,
    };
    let facts = FactsPart { sections };
    let html = |r: askama::Result<String>| {
        r.unwrap_or_else(|e| {
            tracing::error!(error = %e, "scan page part failed");
            String::new()
        })
    };
    FixedParts {
        head: html(head.render()),
        facts: html(facts.render()),
    }
}

impl GenuineView {
    /// Shows the answer a PIN check gave (read back from its receipt): at the top of the
    /// page, with the verdict saying 正品 only after a tag's first correct check. "Already
    /// verified" gives the first verification's date and time once, here.
    pub fn with_receipt(&mut self, tr: Tr, r: &PinReceipt, v: &ScanView) {
        let at = local_time(r.at);
        let first = v
            .scans
            .first_pin_verified_at
            .map(local_time)
            .unwrap_or_default();
        let (class, text, warning) = match r.kind {
            ReceiptKind::First => ("ok", tr.t("scan.pin.first").replace("{at}", &at), None),
            ReceiptKind::Again => (
                "warn",
                tr.t("scan.pin.again")
                    .replace("{n}", &r.n.to_string())
                    .replace("{first}", &first),
                Some(tr.t("scan.pin_copy_warning").to_owned()),
            ),
            ReceiptKind::Wrong => (
                "bad",
                tr.t("scan.pin.wrong").replace("{n}", &r.n.to_string()),
                None,
            ),
            ReceiptKind::Locked => ("bad", tr.t("scan.pin.locked").to_owned(), None),
        };
        if v.verdict == CodeVerdict::Valid {
            match r.kind {
                ReceiptKind::First => {
                    self.verdict_text = tr.t("scan.verdict.genuine").to_owned();
                }
                ReceiptKind::Again => {
                    self.verdict_class = "warn";
                    self.verdict_text = tr.t("scan.verdict.verified_before").to_owned();
                }
                _ => {}
            }
        }
        self.pin_result = Some(PinMessage {
            class,
            text,
            warning,
        });
        self.pin_info = None;
    }
}

/// A PIN that could not be checked (not 8 digits …), shown where an answer goes.
pub fn pin_error(text: String) -> PinMessage {
    PinMessage {
        class: "bad",
        text,
        warning: None,
    }
}

pub fn not_genuine_view(tr: Tr, detail: &str, malformed: bool, serial: &str) -> NotGenuineView {
    let safe: String = serial
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(40)
        .collect();
    NotGenuineView {
        heading: tr
            .t(if malformed {
                "scan.malformed"
            } else {
                "scan.not_genuine"
            })
            .to_owned(),
        text: format!(
            "{} {}",
            tr.t("scan.not_genuine_text"),
            tr.t("scan.typo_hint")
        ),
        detail: detail.to_owned(),
        complaint_href: format!("/complaint/new?serial={safe}{}", tr.0.pick("", "&lang=en")),
    }
}
