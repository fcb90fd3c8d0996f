//! Reads reports from CSV rows whose header names the fields with dotted names
//! (`measured.fill_power_cm`). The header is checked once; each row then parses with no
//! allocation beyond the report's own, and its errors carry the row and column.

use super::fields::{error, turbidity_ntu, Raw, FIELDS};
use super::{build, Cell, FIELD_COUNT};
use crate::error::FieldErrors;
use crate::grading::profile::Profile;
use crate::grading::report::Report;

/// Where each report field sits in a CSV file, learnt from its header row.
#[derive(Debug, Clone)]
pub struct CsvColumns {
    /// For each column of the file, the report field it holds (extra columns are ignored).
    field_of_column: Vec<Option<usize>>,
}

impl CsvColumns {
    /// Checks a header row: every report field exactly once; extra columns (a sample id,
    /// say) are allowed and ignored, except a turbidity column in NTU.
    pub fn from_header<'h>(
        header: impl IntoIterator<Item = &'h str>,
    ) -> Result<CsvColumns, FieldErrors> {
        let mut errs = FieldErrors::new();
        let mut seen = [false; FIELD_COUNT];
        let mut field_of_column = Vec::new();
        for (col, name) in header.into_iter().enumerate() {
            // Spreadsheet exports often start with a byte-order mark.
            let name = name.trim_start_matches('\u{feff}').trim();
            let field = FIELDS.iter().position(|f| f.name == name);
            match field {
                Some(i) if seen[i] => errs.push(error(
                    name,
                    "duplicate_column",
                    format!("column {} repeats {name}", col + 1),
                    format!("第 {} 列与前面的 {name} 列重复", col + 1),
                )),
                Some(i) => seen[i] = true,
                None if name.to_ascii_lowercase().contains("ntu") => errs.push(turbidity_ntu(name)),
                None => {}
            }
            field_of_column.push(field);
        }
        for (i, spec) in FIELDS.iter().enumerate() {
            if !seen[i] {
                errs.push(error(
                    spec.name,
                    "missing_column",
                    "the header has no such column",
                    "表头缺少该列",
                ));
            }
        }
        errs.into_result(CsvColumns { field_of_column })
    }

    /// Parses one data row (`row` is 1-based, header excluded). Empty cells are missing.
    pub fn parse_record<'r>(
        &self,
        record: impl IntoIterator<Item = &'r str>,
        row: u64,
        profile: &Profile,
    ) -> Result<Report, FieldErrors> {
        let mut cells = [Cell::Absent; FIELD_COUNT];
        for (col, text) in record.into_iter().enumerate() {
            if let Some(Some(i)) = self.field_of_column.get(col) {
                if !text.trim().is_empty() {
                    cells[*i] = Cell::Given(Raw::Text(text));
                }
            }
        }
        build(&cells, profile, FieldErrors::new()).map_err(|errs| {
            FieldErrors(
                errs.0
                    .into_iter()
                    .map(|e| {
                        let column = e.field.clone();
                        e.at_row(row, Some(&column))
                    })
                    .collect(),
            )
        })
    }
}
