//! Reading an uploaded sheet into rows of text cells, with bounded memory. The caps are
//! checked as the file is read, and the first one reached stops the read with an error
//! naming it:
//! - an XLSX may not declare more than [`Limits::max_inflated`] bytes of content in all,
//!   nor any one part more than [`Limits::max_part`] (a small file that inflates to
//!   gigabytes is refused before anything is inflated; the zip reader never inflates an
//!   entry past its declared size);
//! - rows: at most [`MAX_ROWS`] after the header, blank and invalid rows counted, each of
//!   at most [`Limits::max_columns`] cells of at most [`Limits::max_cell_chars`]
//!   characters.
//!
//! The XLSX sheet is read cell by cell (calamine's streaming reader), never as a whole
//! in-memory range.

use super::{file_error, template_columns, SheetFormat};
use crate::config::Settings;
use crate::error::AppResult;

/// Report rows per file; larger runs are split by the lab.
pub const MAX_ROWS: usize = 10_000;

/// The caps of one read.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file: u64,
    pub max_inflated: u64,
    pub max_part: u64,
    pub max_rows: usize,
    pub max_columns: usize,
    pub max_cell_chars: usize,
}

impl Limits {
    pub fn for_settings(s: &Settings) -> Self {
        Self {
            max_file: s.max_upload_bytes(),
            max_inflated: 64 << 20,
            max_part: 48 << 20,
            max_rows: MAX_ROWS,
            // The template's columns and some room for notes a lab adds.
            max_columns: template_columns().len() + 32,
            max_cell_chars: 2000,
        }
    }
}

/// The rows of the first sheet, header first.
pub fn read_rows(bytes: &[u8], limits: &Limits) -> AppResult<(SheetFormat, Vec<Vec<String>>)> {
    if bytes.len() as u64 > limits.max_file {
        let mb = limits.max_file / (1024 * 1024);
        return Err(file_error(
            "too_large",
            format!("the file is larger than {mb} MB"),
            format!("文件超过 {mb} MB"),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A panic inside the XLSX parser (calamine subtracts a reversed `<dimension>` range
        // with overflow checks on, found by fuzzing) is the file's fault: it is refused as
        // unreadable rather than dropping the connection.
        let read =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_xlsx(bytes, limits)));
        return read
            .unwrap_or_else(|_| {
                Err(bad_xlsx(
                    "the XLSX file cannot be read: its sheet is malformed".into(),
                    "无法读取 XLSX 文件：工作表格式错误",
                ))
            })
            .map(|r| (SheetFormat::Xlsx, r));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(file_error(
            "old_excel",
            "this is an old .xls file; save it as .xlsx or CSV",
            "这是旧版 .xls 文件，请另存为 .xlsx 或 CSV",
        ));
    }
    read_csv(bytes, limits).map(|r| (SheetFormat::Csv, r))
}

/// Collects rows, refusing the one past a cap.
struct Rows<'a> {
    limits: &'a Limits,
    rows: Vec<Vec<String>>,
}

impl<'a> Rows<'a> {
    fn new(limits: &'a Limits) -> Self {
        Self {
            limits,
            rows: Vec::new(),
        }
    }

    /// Room for another row (the header plus `max_rows`).
    fn check_room(&self) -> AppResult<()> {
        if self.rows.len() > self.limits.max_rows {
            let max = self.limits.max_rows;
            return Err(file_error(
                "too_many_rows",
                format!(
                    "at most {max} rows per file (blank and invalid rows count); split the file"
                ),
                format!("每个文件最多 {max} 行（空行和错误行也计入），请拆分文件"),
            ));
        }
        Ok(())
    }

    fn check_cell(&self, row: usize, col: usize, text: &str) -> AppResult<()> {
        if col >= self.limits.max_columns {
            let max = self.limits.max_columns;
            return Err(file_error(
                "too_many_columns",
                format!("row {row} has more than {max} columns"),
                format!("第 {row} 行超过 {max} 列"),
            ));
        }
        if text.chars().count() > self.limits.max_cell_chars {
            return Err(self.cell_too_long(row, col));
        }
        Ok(())
    }

    fn cell_too_long(&self, row: usize, col: usize) -> crate::error::AppError {
        let max = self.limits.max_cell_chars;
        file_error(
            "cell_too_long",
            format!(
                "row {row}, column {}: a cell holds at most {max} characters",
                col + 1
            ),
            format!("第 {row} 行第 {} 列：单元格最多 {max} 个字符", col + 1),
        )
    }
}

fn read_csv(bytes: &[u8], limits: &Limits) -> AppResult<Vec<Vec<String>>> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(file_error(
            "not_a_sheet",
            "the file must be CSV (UTF-8) or XLSX",
            "文件须为 CSV（UTF-8 编码）或 XLSX",
        ));
    }
    // Field by field (csv-core), so the caps are checked as each cell is read: a whole-
    // record reader would first gather an 8 MB row of four million empty cells.
    let mut reader = csv_core::Reader::new();
    let mut out = Rows::new(limits);
    // A cell of more bytes than this has more characters than the cap.
    let mut cell = vec![0u8; limits.max_cell_chars.saturating_mul(4) + 1];
    let mut len = 0;
    let mut row: Vec<String> = Vec::new();
    let mut input = bytes;
    loop {
        let line = out.rows.len() + 1;
        let (result, read, written) = reader.read_field(input, &mut cell[len..]);
        input = &input[read..];
        len += written;
        match result {
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => {
                return Err(out.cell_too_long(line, row.len()));
            }
            csv_core::ReadFieldResult::Field { record_end } => {
                // The input is UTF-8 and the reader removes only ASCII quotes.
                let text = String::from_utf8_lossy(&cell[..len]).into_owned();
                len = 0;
                out.check_cell(line, row.len(), &text)?;
                row.push(text);
                if record_end {
                    out.check_room()?;
                    out.rows.push(std::mem::take(&mut row));
                }
            }
            csv_core::ReadFieldResult::End => break,
        }
    }
    Ok(out.rows)
}

fn bad_xlsx(en: String, zh: &str) -> crate::error::AppError {
    file_error("bad_xlsx", en, zh)
}

/// Refuses a zip whose declared content passes the caps, before inflating anything.
fn check_inflated(bytes: &[u8], limits: &Limits) -> AppResult<()> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        bad_xlsx(
            format!("the XLSX file cannot be read: {e}"),
            "无法读取 XLSX 文件",
        )
    })?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| {
            bad_xlsx(
                format!("the XLSX file cannot be read: {e}"),
                "无法读取 XLSX 文件",
            )
        })?;
        let size = entry.size();
        total = total.saturating_add(size);
        if size > limits.max_part || total > limits.max_inflated {
            let mb = |b: u64| b / (1024 * 1024);
            return Err(file_error(
                "inflates_too_much",
                format!(
                    "the XLSX file unpacks to more than {} MB ({} in one part at most); it cannot be a report sheet",
                    mb(limits.max_inflated),
                    mb(limits.max_part)
                ),
                format!("XLSX 文件解压后超过 {} MB，不是报告表格", mb(limits.max_inflated)),
            ));
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> AppResult<Vec<Vec<String>>> {
    use calamine::{DataRef, Reader};
    check_inflated(bytes, limits)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| {
            bad_xlsx(
                format!("the XLSX file cannot be read: {e}"),
                "无法读取 XLSX 文件",
            )
        })?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad_xlsx("the workbook has no sheet".into(), "工作簿中没有工作表"))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(|e| {
        bad_xlsx(
            format!("the first sheet cannot be read: {e}"),
            "无法读取第一个工作表",
        )
    })?;
    let text = |d: &DataRef<'_>| -> String {
        match d {
            DataRef::Empty => String::new(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Int(i) => i.to_string(),
            // Shortest text that reads back as the same number: 16.4 stays "16.4".
            DataRef::Float(f) => f.to_string(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(dt) => dt
                .as_datetime()
                .map(|t| t.date().to_string())
                .unwrap_or_else(|| dt.to_string()),
            DataRef::Error(e) => format!("#ERROR {e:?}"),
        }
    };
    let mut out = Rows::new(limits);
    // Rows as the sheet numbers them (0-based); blank rows in between count as rows.
    let mut current: Option<u32> = None;
    let mut row: Vec<String> = Vec::new();
    loop {
        let cell = cells.next_cell().map_err(|e| {
            bad_xlsx(
                format!("the first sheet cannot be read: {e}"),
                "无法读取第一个工作表",
            )
        })?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if current.is_some() {
                out.rows.push(std::mem::take(&mut row));
            }
            // Rows skipped by the sheet are blank rows: they count against the cap.
            let blank = r.saturating_sub(current.map_or(0, |p| p + 1)) as usize;
            for _ in 0..blank {
                out.check_room()?;
                out.rows.push(Vec::new());
            }
            out.check_room()?;
            current = Some(r);
        }
        let value = text(cell.get_value());
        let c = c as usize;
        out.check_cell(r as usize + 1, c, &value)?;
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = value;
    }
    if current.is_some() {
        out.rows.push(row);
    }
    Ok(out.rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            max_file: 1 << 20,
            max_inflated: 1 << 20,
            max_part: 512 << 10,
            max_rows: 5,
            max_columns: 4,
            max_cell_chars: 10,
        }
    }

    fn code(r: AppResult<(SheetFormat, Vec<Vec<String>>)>) -> String {
        match r {
            Err(crate::error::AppError::Validation(e)) => e.0[0].code.clone(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn csv_rows_are_capped_counting_blank_and_bad_rows() {
        let ok = "a,b\n1,2\n,\n3,4\n";
        let (_, rows) = read_rows(ok.as_bytes(), &limits()).unwrap();
        assert_eq!(rows.len(), 4);
        let many = "h\n".to_owned() + &"x\n".repeat(6);
        assert_eq!(code(read_rows(many.as_bytes(), &limits())), "too_many_rows");
        let blank = "h\n".to_owned() + &",\n".repeat(6);
        assert_eq!(
            code(read_rows(blank.as_bytes(), &limits())),
            "too_many_rows"
        );
        assert_eq!(
            code(read_rows(b"a,b,c,d,e\n", &limits())),
            "too_many_columns"
        );
        assert_eq!(
            code(read_rows(b"a,0123456789abc\n", &limits())),
            "cell_too_long"
        );
        assert_eq!(
            code(read_rows(&vec![b'a'; 2 << 20], &limits())),
            "too_large"
        );
    }

    #[test]
    fn csv_cells_are_read_as_a_csv_reader_reads_them_and_capped_as_they_are_read() {
        let text = "\"a \"\"q\"\" b\",\"x,y\"\r\n一二三四五六七八九十,\"two\nlines\"\n";
        let (_, rows) = read_rows(text.as_bytes(), &limits()).unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["a \"q\" b", "x,y"],
                vec!["一二三四五六七八九十", "two\nlines"]
            ]
        );
        // Eleven characters of three bytes each: past the cap by characters, not bytes.
        assert_eq!(
            code(read_rows("一二三四五六七八九十一\n".as_bytes(), &limits())),
            "cell_too_long"
        );
        // A cell far past the cap stops the read at the cap (the reader's buffer is full).
        let long = format!("\"{}\"\n", "z".repeat(100_000));
        assert_eq!(code(read_rows(long.as_bytes(), &limits())), "cell_too_long");
        // One row of 500,000 empty cells stops at the fifth.
        assert_eq!(
            code(read_rows(",".repeat(500_000).as_bytes(), &limits())),
            "too_many_columns"
        );
        assert_eq!(code(read_rows(b"a,\xff\n", &limits())), "not_a_sheet");
    }

    fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet();
        for (r, cells) in rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                s.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_is_read_cell_by_cell_with_the_same_caps() {
        let (f, rows) = read_rows(&xlsx(&[&["a", "b"], &["1", "2"]]), &limits()).unwrap();
        assert_eq!(f, SheetFormat::Xlsx);
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "2"]]);
        let many: Vec<&[&str]> = (0..7).map(|_| &["x"][..]).collect();
        assert_eq!(code(read_rows(&xlsx(&many), &limits())), "too_many_rows");
        assert_eq!(
            code(read_rows(&xlsx(&[&["a", "b", "c", "d", "e"]]), &limits())),
            "too_many_columns"
        );
    }

    /// The same workbook with `from` replaced by `to` in its sheet part.
    fn edited_xlsx(xlsx: &[u8], from: &str, to: &str) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let text = String::from_utf8(data).unwrap();
                assert!(text.contains(from), "{text}");
                data = text.replace(from, to).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn an_xlsx_with_a_reversed_dimension_is_refused_not_a_panic() {
        let good = xlsx(&[&["a", "b"], &["1", "2"]]);
        let bad = edited_xlsx(
            &good,
            "<dimension ref=\"A1:B2\"/>",
            "<dimension ref=\"A3:AG1\"/>",
        );
        let r = read_rows(&bad, &limits());
        // Calamine panics on it only with overflow checks on (test builds); a release
        // build reads on. Either way the answer is not a panic.
        match r {
            Ok((_, rows)) => assert!(rows.len() <= 2),
            Err(_) => assert_eq!(code(r), "bad_xlsx"),
        }
    }

    #[test]
    fn an_xlsx_that_inflates_past_the_cap_is_refused_before_inflating() {
        // 2 MB of the same bytes compress to a few kB.
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        zip.write_all(&vec![b' '; 2 << 20]).unwrap();
        let file = zip.finish().unwrap().into_inner();
        assert!(file.len() < 64 << 10, "compressed to {} bytes", file.len());
        assert_eq!(code(read_rows(&file, &limits())), "inflates_too_much");
    }
}
