//! The import template: the columns in order, as CSV or as XLSX with a help sheet.

use super::{template_columns, SheetFormat, META_COLUMNS};
use crate::error::{AppError, AppResult};

/// The template: CSV (header row) or XLSX (header row and a sheet explaining each column).
pub fn template(format: SheetFormat) -> AppResult<Vec<u8>> {
    let columns = template_columns();
    match format {
        SheetFormat::Csv => Ok(format!("{}\n", columns.join(",")).into_bytes()),
        SheetFormat::Xlsx => {
            use rust_xlsxwriter::{Format, Workbook};
            let mut wb = Workbook::new();
            let bold = Format::new().set_bold();
            let err = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
            let sheet = wb.add_worksheet().set_name("reports").map_err(err)?;
            for (i, c) in columns.iter().enumerate() {
                sheet
                    .write_string_with_format(0, i as u16, c, &bold)
                    .map_err(err)?;
                sheet.set_column_width(i as u16, 18).map_err(err)?;
            }
            let help = wb.add_worksheet().set_name("说明 help").map_err(err)?;
            help.write_string_with_format(0, 0, "column", &bold)
                .map_err(err)?;
            help.write_string_with_format(0, 1, "说明", &bold)
                .map_err(err)?;
            for (i, (c, zh)) in META_COLUMNS.iter().enumerate() {
                help.write_string(i as u32 + 1, 0, *c).map_err(err)?;
                help.write_string(i as u32 + 1, 1, *zh).map_err(err)?;
            }
            let note =
                "declared.* / measured.*: 检测数据，见 docs/GRADING.md；色牢度可写 4-5 或 4.5";
            help.write_string(META_COLUMNS.len() as u32 + 2, 0, note)
                .map_err(err)?;
            wb.save_to_buffer().map_err(err)
        }
    }
}
