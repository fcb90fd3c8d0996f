//! Streaming an authorised [`Export`] into any writer: CSV rows straight from the key
//! and range, tags through the label writers (PDF sheets, ZPL, TSPL, one SVG or PNG). Memory
//! stays flat whatever the range: codes are derived one at a time and written through.

use super::export::ExportFormat;
use crate::error::{AppError, AppResult};
use rongma_domain::codes::{CodeKeys, KeyId, SeqRange, UrlTemplate};
use rongma_label::{
    CsvWriter, PdfSheetWriter, SheetLayout, TagCodes, TagLayout, TagTemplate, TsplOptions,
    TsplWriter, ZplOptions, ZplWriter,
};
use std::io::Write;
use std::sync::Arc;

/// An authorised, recorded export, ready to stream.
pub struct Export {
    pub(super) keys: Arc<CodeKeys>,
    pub(super) key_id: KeyId,
    pub(super) batch_id: i64,
    pub(super) range: SeqRange,
    /// Stretches of the range with their laid-out tag (`None` for CSV).
    pub(super) parts: Vec<(SeqRange, Option<TagTemplate>)>,
    /// Stretches of the range with the size of their codes (one stretch, empty size, for a
    /// batch without a size breakdown).
    pub(super) sizes: Vec<(SeqRange, String)>,
    pub(super) urls: UrlTemplate,
    pub(super) pins: bool,
    pub(super) format: ExportFormat,
    pub(super) layout: TagLayout,
}

/// How often (in codes) progress is reported; a power of two, tested with a mask.
const PROGRESS_EVERY: u64 = 4096;

impl Export {
    pub fn count(&self) -> u64 {
        self.range.count()
    }

    pub fn format(&self) -> ExportFormat {
        self.format
    }

    /// `rongma-batch-12-100000…-100000…-with-pins.csv` (or `-no-pins`)
    pub fn file_name(&self) -> String {
        let s = |seq| {
            self.keys
                .serial_keys()
                .issue_with(self.key_id, seq)
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        // Files with PINs are named so: a print shop's file and an inventory list must not
        // be mistaken for each other.
        format!(
            "rongma-batch-{}-{}-{}-{}.{}",
            self.batch_id,
            s(self.range.start()),
            s(self.range.last()),
            if self.pins { "with-pins" } else { "no-pins" },
            self.format.as_str()
        )
    }

    /// The codes as an XLSX sheet: bilingual headers, every cell a string (serials and PINs
    /// formatted as text, so spreadsheet programs keep leading zeros and never read a cell
    /// as a number or a formula).
    fn xlsx(&self, done: &mut u64, tick: &mut dyn FnMut(u64)) -> AppResult<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let err = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
        let mut wb = Workbook::new();
        let text = Format::new().set_num_format("@");
        let bold = Format::new().set_bold();
        let sheet = wb.add_worksheet().set_name("codes").map_err(err)?;
        let headers = ["序列号 serial", "网址 URL", "防伪码 PIN", "尺码 size"];
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(err)?;
            sheet.set_column_format(c as u16, &text).map_err(err)?;
        }
        sheet.set_column_width(0, 24).map_err(err)?;
        sheet.set_column_width(1, 52).map_err(err)?;
        sheet.set_column_width(2, 12).map_err(err)?;
        let mut row = 1u32;
        let mut url = String::with_capacity(96);
        for (range, size) in &self.sizes {
            for code in self
                .keys
                .codes(self.key_id, *range)
                .map_err(AppError::internal)?
            {
                url.clear();
                self.urls.write_url(&code.serial, &mut url);
                sheet
                    .write_string_with_format(row, 0, code.serial.as_str(), &text)
                    .map_err(err)?;
                sheet.write_string(row, 1, &url).map_err(err)?;
                if self.pins {
                    let pin = format!("{:08}", code.pin.value());
                    sheet
                        .write_string_with_format(row, 2, &pin, &text)
                        .map_err(err)?;
                }
                if !size.is_empty() {
                    sheet
                        .write_string_with_format(row, 3, size, &text)
                        .map_err(err)?;
                }
                row += 1;
                *done += 1;
                tick(*done);
            }
        }
        wb.save_to_buffer().map_err(err)
    }

    /// Calls `f` with every tag in serial order: its laid-out template and codes.
    pub fn for_each_tag(
        &self,
        mut f: impl FnMut(&TagTemplate, &TagCodes) -> AppResult<()>,
    ) -> AppResult<()> {
        for (range, template) in &self.parts {
            let Some(t) = template else { continue };
            for code in self
                .keys
                .codes(self.key_id, *range)
                .map_err(AppError::internal)?
            {
                f(t, &TagCodes::new(&code, &self.urls, self.pins))?;
            }
        }
        Ok(())
    }

    /// One tag as SVG or PNG (any other format renders as SVG).
    pub fn render_tag(&self, t: &TagTemplate, codes: &TagCodes) -> AppResult<Vec<u8>> {
        match self.format {
            ExportFormat::Png => t.png(codes, 300.0),
            _ => t.svg(codes).map(String::into_bytes),
        }
        .map_err(AppError::internal)
    }

    /// Streams the export into `out`, calling `progress` with the number of codes written
    /// so far every few thousand codes. CPU-bound: run it off the async executor.
    pub fn write<W: Write>(&self, out: W, progress: &mut dyn FnMut(u64)) -> AppResult<W> {
        let total = self.range.count();
        let mut done = 0u64;
        let mut tick = |done: u64| {
            if done & (PROGRESS_EVERY - 1) == 0 || done == total {
                progress(done);
            }
        };
        match self.format {
            ExportFormat::Csv => {
                let mut csv = CsvWriter::with_size_column(out).map_err(AppError::internal)?;
                let mut url = String::with_capacity(96);
                for (range, size) in &self.sizes {
                    if self.pins {
                        for code in self
                            .keys
                            .codes(self.key_id, *range)
                            .map_err(AppError::internal)?
                        {
                            url.clear();
                            self.urls.write_url(&code.serial, &mut url);
                            csv.write_row_sized(&code.serial, &url, Some(&code.pin), size)
                                .map_err(AppError::internal)?;
                            done += 1;
                            tick(done);
                        }
                    } else {
                        for serial in self
                            .keys
                            .serial_keys()
                            .serials(self.key_id, *range)
                            .map_err(AppError::internal)?
                        {
                            url.clear();
                            self.urls.write_url(&serial, &mut url);
                            csv.write_row_sized(&serial, &url, None, size)
                                .map_err(AppError::internal)?;
                            done += 1;
                            tick(done);
                        }
                    }
                }
                csv.finish().map_err(AppError::internal)
            }
            ExportFormat::Xlsx => {
                let bytes = self.xlsx(&mut done, &mut tick)?;
                let mut out = out;
                out.write_all(&bytes).map_err(AppError::internal)?;
                Ok(out)
            }
            ExportFormat::Pdf => {
                let mut pdf = PdfSheetWriter::new(out, &self.layout, &SheetLayout::default())
                    .map_err(AppError::internal)?;
                self.for_each_tag(|t, c| {
                    pdf.push(t, c).map_err(AppError::internal)?;
                    done += 1;
                    tick(done);
                    Ok(())
                })?;
                pdf.finish().map_err(AppError::internal)
            }
            ExportFormat::Zpl => {
                let mut zpl = ZplWriter::new(out, ZplOptions::default());
                self.for_each_tag(|t, c| {
                    zpl.push(t, c).map_err(AppError::internal)?;
                    done += 1;
                    tick(done);
                    Ok(())
                })?;
                zpl.finish().map_err(AppError::internal)
            }
            ExportFormat::Tspl => {
                let mut tspl = TsplWriter::new(out, TsplOptions::default());
                self.for_each_tag(|t, c| {
                    tspl.push(t, c).map_err(AppError::internal)?;
                    done += 1;
                    tick(done);
                    Ok(())
                })?;
                tspl.finish().map_err(AppError::internal)
            }
            ExportFormat::Svg | ExportFormat::Png => {
                let mut out = out;
                let mut first = true;
                self.for_each_tag(|t, c| {
                    if !std::mem::take(&mut first) {
                        return Err(AppError::InvalidState(
                            "an SVG or PNG export holds one tag".into(),
                        ));
                    }
                    out.write_all(&self.render_tag(t, c)?)
                        .map_err(AppError::internal)?;
                    tick(1);
                    Ok(())
                })?;
                Ok(out)
            }
        }
    }
}
