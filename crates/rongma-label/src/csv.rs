//! CSV for print shops that print tags with their own software: `serial,url,pin`, one row
//! per tag, streamed. Rows are plain ASCII without quoting (serials, upper-case URLs and
//! PINs hold no commas or quotes), and the header names the columns.

use crate::data::TagCodes;
use rongma_domain::codes::{CodeKeys, KeyError, KeyId, Pin, SeqRange, Serial, UrlTemplate};
use std::io::{self, BufWriter, Write};

/// Streams `serial,url,pin` rows to a writer.
pub struct CsvWriter<W: Write> {
    out: BufWriter<W>,
    rows: u64,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the header line.
    pub fn new(out: W) -> io::Result<Self> {
        let mut out = BufWriter::with_capacity(256 * 1024, out);
        out.write_all(b"serial,url,pin\n")?;
        Ok(Self { out, rows: 0 })
    }

    /// Writes the header line of rows with a size column: `serial,url,pin,size`.
    pub fn with_size_column(out: W) -> io::Result<Self> {
        let mut out = BufWriter::with_capacity(256 * 1024, out);
        out.write_all(b"serial,url,pin,size\n")?;
        Ok(Self { out, rows: 0 })
    }

    /// One row of a [`Self::with_size_column`] file. The size is the enterprise's text: it
    /// is quoted as needed and, if it starts like a formula (`= + - @`), prefixed with `'`.
    pub fn write_row_sized(
        &mut self,
        serial: &Serial,
        url: &str,
        pin: Option<&Pin>,
        size: &str,
    ) -> io::Result<()> {
        field(&mut self.out, serial.as_str())?;
        self.out.write_all(b",")?;
        field(&mut self.out, url)?;
        self.out.write_all(b",")?;
        if let Some(pin) = pin {
            self.out.write_all(&pin_digits(pin))?;
        }
        self.out.write_all(b",")?;
        if size.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            field(&mut self.out, &format!("'{size}"))?;
        } else {
            field(&mut self.out, size)?;
        }
        self.out.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }

    /// One row; an empty PIN column when the PIN is not exported.
    #[inline]
    pub fn write_row(&mut self, serial: &Serial, url: &str, pin: Option<&Pin>) -> io::Result<()> {
        field(&mut self.out, serial.as_str())?;
        self.out.write_all(b",")?;
        field(&mut self.out, url)?;
        self.out.write_all(b",")?;
        if let Some(pin) = pin {
            self.out.write_all(&pin_digits(pin))?;
        }
        self.out.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }

    pub fn write_codes(&mut self, codes: &TagCodes) -> io::Result<()> {
        self.write_row(&codes.serial, &codes.url, codes.pin.as_ref())
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// Writes every code of a batch (key `key_id`, sequence `range`) as CSV: the export a print
/// shop receives. Memory stays flat whatever the range; returns the number of rows.
pub fn write_batch_csv<W: Write>(
    out: W,
    keys: &CodeKeys,
    key_id: KeyId,
    range: SeqRange,
    urls: &UrlTemplate,
    with_pins: bool,
) -> Result<(W, u64), BatchCsvError> {
    let mut csv = CsvWriter::new(out)?;
    let mut url = String::with_capacity(96);
    for code in keys.codes(key_id, range)? {
        url.clear();
        urls.write_url(&code.serial, &mut url);
        csv.write_row(&code.serial, &url, with_pins.then_some(&code.pin))?;
    }
    let rows = csv.rows();
    Ok((csv.finish()?, rows))
}

/// Why a batch CSV could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BatchCsvError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("writing the CSV failed")]
    Io(#[from] io::Error),
}

/// Eight ASCII digits without going through `fmt`.
#[inline]
fn pin_digits(pin: &Pin) -> [u8; 8] {
    let mut v = pin.value();
    let mut out = [b'0'; 8];
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out
}

/// A field, quoted only if it needs to be (RFC 4180).
#[inline]
fn field(out: &mut impl Write, value: &str) -> io::Result<()> {
    if value
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.write_all(b"\"")?;
        out.write_all(value.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(value.as_bytes())
    }
}
