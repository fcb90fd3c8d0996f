//! Importing test reports from a spreadsheet (CSV or XLSX, as labs work in Excel). The
//! file is read whole, every row is checked and every error is reported with its row and
//! column; only if all rows are good are they written, in one transaction. The template
//! has the same columns.
//!
//! Reading is bounded whatever the file holds ([`sheet`]): a file may not inflate past a
//! cap, nor hold more rows (blank and invalid ones count) or wider rows than a report run
//! can, so a hostile upload costs a bounded amount of memory and is refused at the first
//! cap it reaches.

use crate::error::{AppError, AppResult};
use crate::reports::{check_against_registry, insert_checked, live_lab, submitting_lab, Upload};
use crate::App;
use rongma_domain::grading::{csv_header, CsvColumns};
use rongma_domain::ids::Uscc;
use rongma_domain::roles::Actor;
use rongma_domain::workflow::ReportDraft;
use rongma_domain::{FieldError, FieldErrors};
use std::collections::{HashMap, HashSet};

mod sheet;
mod template;

pub use sheet::{read_rows, Limits, MAX_ROWS};
pub use template::template;

/// Columns before the report values, in template order.
pub const META_COLUMNS: &[(&str, &str)] = &[
    ("report_no", "报告编号"),
    ("credit_code", "企业统一社会信用代码"),
    ("style_no", "款号"),
    ("size", "尺码（可空）"),
    ("sample_description", "样品描述"),
    ("sampling_date", "抽样日期 YYYY-MM-DD"),
    ("batch_no", "批号（可空）"),
    ("sampled_by", "抽样方式 enterprise/inspector"),
    ("sampler", "抽样人（监督抽样必填）"),
    ("test_date", "检测日期 YYYY-MM-DD"),
];

/// Errors listed before the rest are summarised.
const MAX_ERRORS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

/// What an import wrote.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOutcome {
    pub imported: usize,
    pub report_ids: Vec<i64>,
}

fn file_error(code: &str, en: impl Into<String>, zh: impl Into<String>) -> AppError {
    AppError::field(FieldError::new("file", code, en, zh))
}

/// All column names of the template, in order.
pub fn template_columns() -> Vec<String> {
    META_COLUMNS
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .chain(csv_header().split(',').map(str::to_owned))
        .collect()
}

impl App {
    /// Imports every row of a CSV or XLSX file as a report of the actor's lab, or none.
    #[tracing::instrument(skip_all, err)]
    pub async fn import_reports(&self, actor: &Actor, upload: Upload) -> AppResult<ImportOutcome> {
        let lab_id = submitting_lab(actor)?;
        let profile = self.current_profile().await?;
        let today = self.now().date_naive();
        let (_, rows) = sheet::read_rows(&upload.bytes, &Limits::for_settings(self.settings()))?;
        let mut rows = rows.into_iter();
        let header: Vec<String> = rows
            .next()
            .ok_or_else(|| file_error("empty", "the file is empty", "文件为空"))?;
        let header: Vec<String> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        let known = template_columns();
        let mut errs = FieldErrors::new();
        for (i, h) in header.iter().enumerate() {
            if !h.is_empty() && !known.contains(h) {
                errs.push(FieldError::new(
                    h.clone(),
                    "unknown_column",
                    format!("column {} ({h}) is not a template column", i + 1),
                    format!("第 {} 列（{h}）不是模板中的列", i + 1),
                ));
            }
        }
        for (c, _) in META_COLUMNS {
            if !header.iter().any(|h| h == c) {
                errs.push(FieldError::new(
                    *c,
                    "missing_column",
                    "the header has no such column",
                    "表头缺少该列",
                ));
            }
        }
        let values = match CsvColumns::from_header(header.iter().map(String::as_str)) {
            Ok(c) => Some(c),
            Err(e) => {
                errs.extend(e);
                None
            }
        };
        let Some(values) = values.filter(|_| errs.is_empty()) else {
            return Err(errs.into());
        };
        let col = |name: &str| header.iter().position(|h| h == name);
        let meta: HashMap<&str, Option<usize>> =
            META_COLUMNS.iter().map(|(c, _)| (*c, col(c))).collect();

        let mut drafts = Vec::new();
        let mut seen = HashSet::new();
        let mut products: HashMap<(String, String), Option<i64>> = HashMap::new();
        let mut read = self.store().read().await?;
        for (i, row) in rows.enumerate() {
            let n = i as u64 + 1;
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            // Past this many errors the rest of the file is not checked: the list would
            // only grow, and the lab has enough to fix first.
            if errs.len() >= MAX_ERRORS {
                errs.push(FieldError::new(
                    "file",
                    "more_errors",
                    format!("rows from {n} on were not checked: fix the errors above first"),
                    format!("第 {n} 行起未检查：请先改正以上错误"),
                ));
                break;
            }
            if drafts.len() >= MAX_ROWS {
                return Err(file_error(
                    "too_many_rows",
                    format!("at most {MAX_ROWS} rows per file"),
                    format!("每个文件最多 {MAX_ROWS} 行"),
                ));
            }
            let cell = |c: &str| {
                meta.get(c)
                    .copied()
                    .flatten()
                    .and_then(|i| row.get(i))
                    .map(|s| s.trim().to_owned())
            };
            let at = |e: FieldError| {
                let column = e.field.clone();
                e.at_row(n, Some(&column))
            };
            let report = match values.parse_record(row.iter().map(String::as_str), n, &profile) {
                Ok(r) => Some(r),
                Err(e) => {
                    errs.extend(e);
                    None
                }
            };
            let code = cell("credit_code").unwrap_or_default();
            let style = cell("style_no").unwrap_or_default();
            let product_id = match products.get(&(code.clone(), style.clone())) {
                Some(p) => *p,
                None => {
                    let p = match Uscc::parse(&code) {
                        Ok(u) => match read.find_enterprise_by_credit_code(u.as_str()).await? {
                            Some(e) => read
                                .find_product_by_style(e.id, &style)
                                .await?
                                .map(|p| p.id),
                            None => None,
                        },
                        Err(e) => {
                            errs.push(at(e));
                            Some(-1)
                        }
                    };
                    products.insert((code.clone(), style.clone()), p);
                    p
                }
            };
            if product_id.is_none() {
                errs.push(at(FieldError::new(
                    "style_no",
                    "unknown_product",
                    format!("no product {style} is registered for enterprise {code}"),
                    format!("企业 {code} 没有登记款号为 {style} 的产品"),
                )));
            }
            let report_no = cell("report_no").unwrap_or_default();
            if !report_no.is_empty() && !seen.insert(report_no.clone()) {
                errs.push(at(FieldError::new(
                    "report_no",
                    "duplicate",
                    format!("report {report_no} appears twice in the file"),
                    format!("报告编号 {report_no} 在文件中重复"),
                )));
            }
            let draft = ReportDraft {
                report_no: Some(report_no),
                product_id: product_id.or(Some(-1)),
                size: cell("size"),
                sample_description: cell("sample_description"),
                sampling_date: cell("sampling_date"),
                batch_no: cell("batch_no"),
                sampled_by: cell("sampled_by"),
                sampler: cell("sampler"),
                test_date: cell("test_date"),
                values: report
                    .as_ref()
                    .map(|r| serde_json::to_value(r).unwrap_or_default()),
                supersedes: None,
            };
            match draft.validate(&profile, today) {
                Ok(f) => drafts.push((n, f)),
                // Value errors were already reported with their column by the row parser.
                Err(e) => errs.extend(FieldErrors(
                    e.0.into_iter()
                        .filter(|e| !e.field.starts_with("values"))
                        .map(at)
                        .collect(),
                )),
            }
        }
        drop(read);
        if drafts.is_empty() && errs.is_empty() {
            return Err(file_error(
                "no_rows",
                "the file has a header but no report rows",
                "文件只有表头，没有报告数据",
            ));
        }
        if !errs.is_empty() {
            return Err(truncated(errs).into());
        }

        let now = self.now();
        let mut tx = self.store().begin().await?;
        let lab = live_lab(&mut *tx, lab_id).await?;
        let mut checked = Vec::with_capacity(drafts.len());
        for (n, f) in &drafts {
            let (product, e) = check_against_registry(&mut *tx, &lab, f).await?;
            errs.extend(FieldErrors(
                e.0.into_iter()
                    .map(|e| {
                        let column = e.field.clone();
                        e.at_row(*n, Some(&column))
                    })
                    .collect(),
            ));
            checked.push((n, f, product));
        }
        if !errs.is_empty() {
            return Err(truncated(errs).into());
        }
        let mut ids = Vec::with_capacity(checked.len());
        for (n, f, product) in checked {
            let id = insert_checked(&mut *tx, actor, lab_id, &product, f, None, now)
                .await
                .map_err(|e| match e {
                    AppError::Conflict(c) => AppError::Conflict(FieldErrors(
                        c.0.into_iter()
                            .map(|e| e.at_row(*n, Some("report_no")))
                            .collect(),
                    )),
                    other => other,
                })?;
            ids.push(id);
        }
        tx.commit().await?;
        tracing::info!(lab.id = lab_id, rows = ids.len(), "reports imported");
        Ok(ImportOutcome {
            imported: ids.len(),
            report_ids: ids,
        })
    }
}

/// Keeps a very long error list readable.
fn truncated(mut errs: FieldErrors) -> FieldErrors {
    if errs.len() > MAX_ERRORS {
        let more = errs.len() - MAX_ERRORS;
        errs.0.truncate(MAX_ERRORS);
        errs.push(FieldError::new(
            "file",
            "more_errors",
            format!("… and {more} more errors"),
            format!("……另有 {more} 个错误"),
        ));
    }
    errs
}
