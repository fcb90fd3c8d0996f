//! View models shared by the pages: the layout (language, viewer, navigation), and the
//! three page shapes every registry kind uses — a list, a form and a detail page with its
//! history. Templates only print these (askama escapes every value).

use crate::auth::WebCtx;
use crate::i18n::{Lang, Tr};
use rongma_app::policy::{may, Action};
use rongma_app::Event;
use rongma_domain::roles::{RegistryAction, RegistryKind, Role};
use rongma_domain::FieldErrors;

/// China Standard Time, for showing timestamps to people.
pub fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // Formatted by hand: a format string is parsed again on every call, and every scan
    // page shows a time.
    let t = (t + chrono::Duration::hours(8)).naive_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

pub struct NavLink {
    pub href: String,
    pub label: &'static str,
    pub active: bool,
}

/// What the base template needs.
pub struct Layout {
    pub lang: Lang,
    pub tr: Tr,
    pub title: String,
    pub user: Option<String>,
    pub role: Option<&'static str>,
    pub nav: Vec<NavLink>,
    pub csrf: String,
    /// Link that shows this page in the other language.
    pub switch_href: String,
}

impl Layout {
    pub fn new(ctx: &WebCtx, title: impl Into<String>) -> Self {
        let tr = ctx.tr();
        let path = ctx.path.split('?').next().unwrap_or("/");
        let mut nav = Vec::new();
        let mut link = |href: String, key: &'static str| {
            let active = href != "/" && path.starts_with(href.as_str());
            nav.push(NavLink {
                href,
                label: tr.t(key),
                active,
            });
        };
        link("/".into(), "nav.home");
        link("/public".into(), "nav.public");
        link("/grading".into(), "nav.grading");
        if let Some(a) = &ctx.actor {
            let reads = |kind| may(a, Action::Registry(kind, RegistryAction::Read));
            if reads(RegistryKind::Enterprise) {
                match a.enterprise_scope().id() {
                    Some(own) => link(format!("/enterprises/{own}"), "nav.enterprises"),
                    None => link("/enterprises".into(), "nav.enterprises"),
                }
            }
            if reads(RegistryKind::Brand) {
                link("/brands".into(), "nav.brands");
            }
            if reads(RegistryKind::Product) {
                link("/products".into(), "nav.products");
            }
            if reads(RegistryKind::Lab) {
                link("/labs".into(), "nav.labs");
            }
            if may(a, Action::ListReports) {
                link("/reports".into(), "nav.reports");
            }
            if may(a, Action::ListApplications) {
                link("/applications".into(), "nav.applications");
            }
            if may(a, Action::ListCertificates) {
                link("/certificates".into(), "nav.certificates");
            }
            if may(a, Action::ReadCodes) {
                link("/codes".into(), "nav.codes");
            }
            if may(a, Action::ListComplaints) {
                link("/complaints".into(), "nav.complaints");
            }
            if may(a, Action::SuperviseScans) {
                link("/scans".into(), "nav.scans");
            }
            if may(a, Action::ManageAccounts) {
                link("/admin/users".into(), "nav.users");
                link("/admin/api-keys".into(), "nav.api_keys");
            }
        }
        link("/api/docs/".into(), "nav.api_docs");
        let other = ctx.lang.other().code();
        let switch_href = match ctx.path.split_once('?') {
            Some((p, q)) => {
                let rest: Vec<&str> = q
                    .split('&')
                    .filter(|kv| !kv.starts_with("lang=") && !kv.is_empty())
                    .collect();
                if rest.is_empty() {
                    format!("{p}?lang={other}")
                } else {
                    format!("{p}?{}&lang={other}", rest.join("&"))
                }
            }
            None => format!("{}?lang={other}", ctx.path),
        };
        Self {
            lang: ctx.lang,
            tr,
            title: title.into(),
            user: ctx.actor.as_ref().map(|a| a.name.clone()),
            role: ctx.actor.as_ref().map(|a| role_label(tr, a.role)),
            nav,
            csrf: ctx.csrf.clone(),
            switch_href,
        }
    }
}

pub fn role_label(tr: Tr, r: Role) -> &'static str {
    tr.lookup(&["role.", r.as_str()].concat())
        .unwrap_or(r.as_str())
}

/// One table cell; `label` repeats the column name for the stacked phone layout.
pub struct Cell {
    pub label: &'static str,
    pub text: String,
    pub href: Option<String>,
    pub muted: bool,
}

impl Cell {
    pub fn new(label: &'static str, text: impl Into<String>) -> Self {
        Self {
            label,
            text: text.into(),
            href: None,
            muted: false,
        }
    }
    pub fn link(label: &'static str, text: impl Into<String>, href: String) -> Self {
        Self {
            label,
            text: text.into(),
            href: Some(href),
            muted: false,
        }
    }
    pub fn muted(mut self, yes: bool) -> Self {
        self.muted = yes;
        self
    }
}

/// A select filter above a list.
pub struct Filter {
    pub name: &'static str,
    pub label: &'static str,
    pub options: Vec<SelectOption>,
}

pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Pager {
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// Paging links for `path` (the current path and query) through `page=`.
    pub fn new<T>(p: &rongma_app::Page<T>, path: &str) -> Self {
        Self::named(p, path, "page")
    }

    /// Paging links through the query parameter `param`, so several lists on one page
    /// (a record's related lists) page independently.
    pub fn named<T>(p: &rongma_app::Page<T>, path: &str, param: &str) -> Self {
        let per = p.limit.max(1);
        let page = p.offset / per + 1;
        let pages = ((p.total + per - 1) / per).max(1);
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let prefix = format!("{param}=");
        let keep: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with(&prefix))
            .collect();
        let href = |n: i64| {
            let mut parts = keep.clone();
            let page = format!("{param}={n}");
            parts.push(&page);
            format!("{base}?{}", parts.join("&"))
        };
        Self {
            total: p.total,
            page,
            pages,
            prev: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
        }
    }

    /// The page a related list shows, from the query parameter `param` of `path`.
    pub fn requested(path: &str, param: &str) -> Option<i64> {
        let query = path.split_once('?')?.1;
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == param)
            .and_then(|(_, v)| v.parse().ok())
    }
}

pub struct ListView {
    pub heading: String,
    pub new_link: Option<(String, &'static str)>,
    pub search: String,
    pub filters: Vec<Filter>,
    pub include_archived: bool,
    pub show_archived_toggle: bool,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    pub pager: Option<Pager>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Date,
    Select,
    Textarea,
    Password,
    File,
    MultiSelect,
}

pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
    pub required: bool,
    pub hint: Option<String>,
    pub options: Vec<SelectOption>,
    pub error: Option<String>,
}

impl Field {
    pub fn text(
        name: &'static str,
        label: &'static str,
        value: impl Into<String>,
        required: bool,
    ) -> Self {
        Self {
            name,
            label,
            kind: FieldKind::Text,
            value: value.into(),
            required,
            hint: None,
            options: vec![],
            error: None,
        }
    }
    pub fn kind(mut self, kind: FieldKind) -> Self {
        self.kind = kind;
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn select(
        name: &'static str,
        label: &'static str,
        value: &str,
        options: Vec<(String, String)>,
        required: bool,
    ) -> Self {
        let options = options
            .into_iter()
            .map(|(v, l)| SelectOption {
                selected: v == value,
                value: v,
                label: l,
            })
            .collect();
        Self {
            name,
            label,
            kind: FieldKind::Select,
            value: value.into(),
            required,
            hint: None,
            options,
            error: None,
        }
    }
    pub fn input_type(&self) -> &'static str {
        match self.kind {
            FieldKind::Date => "date",
            FieldKind::Password => "password",
            FieldKind::File => "file",
            _ => "text",
        }
    }
    pub fn is_select(&self) -> bool {
        self.kind == FieldKind::Select
    }
    pub fn is_multi(&self) -> bool {
        self.kind == FieldKind::MultiSelect
    }
    pub fn is_textarea(&self) -> bool {
        self.kind == FieldKind::Textarea
    }
}

pub struct FormView {
    pub heading: String,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    pub cancel: String,
    /// Errors that belong to no field on the form.
    pub summary: Vec<String>,
    pub has_errors: bool,
}

impl FormView {
    pub fn has_file(&self) -> bool {
        self.fields.iter().any(|f| f.kind == FieldKind::File)
    }

    /// Puts each error next to its field (`sizes[1].fill_weight_g` goes to `sizes`).
    /// Puts each error beside its field and lists every one in the summary box by the
    /// field's label ("尺码 1 的充绒量", not `sizes[0].fill_weight_g`).
    pub fn with_errors(mut self, errors: &FieldErrors, lang: Lang) -> Self {
        self.has_errors = !errors.is_empty();
        for e in errors.iter() {
            let base = e.field.split(['[', '.']).next().unwrap_or(&e.field);
            let msg = e.message_in(lang.code()).to_owned();
            let path = path_label(&e.field, lang);
            let field = self
                .fields
                .iter_mut()
                .find(|f| f.name == e.field || f.name == base);
            let label = match (&field, &path) {
                (_, Some(p)) => p.clone(),
                (Some(f), None) => f.label.to_owned(),
                (None, None) => e.field.clone(),
            };
            let colon = lang.pick("：", ": ");
            let detail = if e.field != base {
                format!("{label}{colon}{msg}")
            } else {
                msg.clone()
            };
            if let Some(f) = field {
                match &mut f.error {
                    Some(existing) => {
                        existing.push('；');
                        existing.push_str(&detail);
                    }
                    None => f.error = Some(detail),
                }
            }
            self.summary.push(format!("{label}{colon}{msg}"));
        }
        self
    }
}

/// A nested field path in words: `sizes[0].fill_weight_g` → 尺码 1 的充绒量 / size 1, fill
/// weight; `values.measured.fill_power_cm` (or `measured.…`) → the report field's label.
fn path_label(path: &str, lang: Lang) -> Option<String> {
    let tr = crate::i18n::Tr(lang);
    let report = path.strip_prefix("values.").unwrap_or(path);
    if report.starts_with("measured.") || report.starts_with("declared.") {
        return tr.try_t(&format!("field.{report}")).map(str::to_owned);
    }
    let (list, rest) = path.split_once('[')?;
    let (index, leaf) = rest.split_once(']')?;
    let n: usize = index.parse().ok()?;
    let leaf = leaf.trim_start_matches('.');
    let (item_zh, item_en) = match list {
        "sizes" => ("尺码", "size"),
        "report_ids" => ("报告", "report"),
        "serials" => ("序列号", "serial"),
        _ => return None,
    };
    let (leaf_zh, leaf_en) = match leaf {
        "fill_weight_g" => ("充绒量", "fill weight"),
        "size" => ("尺码", "size"),
        "quantity" => ("数量", "quantity"),
        "" => ("", ""),
        _ => return None,
    };
    Some(match (lang, leaf_zh.is_empty()) {
        (Lang::Zh, true) => format!("第 {} 个{item_zh}", n + 1),
        (Lang::Zh, false) => format!("{item_zh} {} 的{leaf_zh}", n + 1),
        (Lang::En, true) => format!("{item_en} {}", n + 1),
        (Lang::En, false) => format!("{item_en} {}, {leaf_en}", n + 1),
    })
}

/// A button that posts to `action` (with the CSRF token and an optional reason box).
pub struct PostAction {
    pub action: String,
    pub label: &'static str,
    pub confirm: Option<&'static str>,
    pub with_reason: bool,
    pub danger: bool,
}

pub struct TimelineEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub reason: Option<String>,
    pub changes: Vec<String>,
}

impl TimelineEntry {
    pub fn from_event(e: &Event, tr: Tr) -> Self {
        let action = match e.action.as_str() {
            "created" => tr.t("event.created").to_owned(),
            "updated" => tr.t("event.updated").to_owned(),
            "archived" => tr.t("event.archived").to_owned(),
            "restored" => tr.t("event.restored").to_owned(),
            "submitted" => tr.t("event.submitted").to_owned(),
            "superseded" => tr.t("event.superseded").to_owned(),
            "approved" => tr.t("event.approved").to_owned(),
            "rejected" => tr.t("event.rejected").to_owned(),
            "withdrawn" => tr.t("event.withdrawn").to_owned(),
            "issued" if e.entity_type == "code_batch" => tr.t("event.codes_issued").to_owned(),
            "issued" => tr.t("event.issued").to_owned(),
            "suspended" => tr.t("event.suspended").to_owned(),
            "reinstated" => tr.t("event.reinstated").to_owned(),
            "revoked" => tr.t("event.revoked").to_owned(),
            "expired" => tr.t("event.expired").to_owned(),
            other => tr
                .try_t(&format!("{}.step.{other}", e.entity_type))
                .or_else(|| tr.try_t(&format!("event.{other}")))
                .map_or_else(|| other.replace('_', " "), str::to_owned),
        };
        let changes = if e.action == "assigned" {
            e.data["to"]
                .as_str()
                .map(|who| vec![tr.t("complaint.assigned_to_who").replace("{who}", who)])
                .unwrap_or_default()
        } else if e.action == "updated" {
            e.data
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            let label = tr
                                .try_t(&format!("{}.{k}", e.entity_type))
                                .map(str::to_owned)
                                .unwrap_or_else(|| k.replace('_', " "));
                            format!(
                                "{label}：{} → {}",
                                value_label(tr, k, &v["from"]),
                                value_label(tr, k, &v["to"])
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Self {
            at: local_time(e.at),
            actor: e.actor_name.clone(),
            action,
            reason: e.reason.clone(),
            changes,
        }
    }
}

/// A changed value in words: enumerations by their label (试点成员, not `member`), booleans
/// as 是/否, anything else as stored (shortened).
fn value_label(tr: Tr, field: &str, v: &serde_json::Value) -> String {
    let prefix = match field {
        "pilot_status" => Some("pilot"),
        "species" => Some("species"),
        "colour" => Some("colour"),
        "state" | "status" => Some("certificate.state"),
        _ => None,
    };
    match (v, prefix) {
        (serde_json::Value::String(s), Some(p)) => tr
            .try_t(&format!("{p}.{s}"))
            .map(str::to_owned)
            .unwrap_or_else(|| short(v)),
        (serde_json::Value::Bool(b), _) => {
            tr.t(if *b { "common.yes" } else { "common.no" }).to_owned()
        }
        _ => short(v),
    }
}

fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

pub struct DetailView {
    pub heading: String,
    pub badge: Option<String>,
    pub rows: Vec<(&'static str, String)>,
    pub links: Vec<(String, &'static str)>,
    pub actions: Vec<PostAction>,
    pub related: Vec<ListView>,
    pub timeline: Vec<TimelineEntry>,
    /// A one-time secret to show (a new API key), with its explanation.
    pub secret: Option<(String, &'static str)>,
    /// Grading results to show (reports, applications).
    pub results: Vec<super::result::ResultView>,
    /// Forms with several fields (decisions, state changes).
    pub forms: Vec<InlineForm>,
    /// A short notice at the top (what just happened, or a warning).
    pub notice: Option<String>,
}

/// A small form inside a detail page.
pub struct InlineForm {
    pub heading: &'static str,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    pub danger: bool,
}

impl DetailView {
    pub fn new(heading: impl Into<String>) -> Self {
        Self {
            heading: heading.into(),
            badge: None,
            rows: Vec::new(),
            links: Vec::new(),
            actions: Vec::new(),
            related: Vec::new(),
            timeline: Vec::new(),
            secret: None,
            results: Vec::new(),
            forms: Vec::new(),
            notice: None,
        }
    }
}

#[cfg(test)]
mod local_time_tests {
    use super::local_time;

    #[test]
    fn times_are_shown_in_china_standard_time() {
        let at = "2026-12-31T16:05:59Z".parse().unwrap();
        assert_eq!(local_time(at), "2027-01-01 00:05");
        let at = "2026-03-01T03:07:00Z".parse().unwrap();
        assert_eq!(local_time(at), "2026-03-01 11:07");
    }
}
