//! Hang tags of graded down jackets: tag data in, bytes out.
//!
//! Layout:
//! - [`data`]: [`TagData`] (the product facts), [`TagCodes`] (serial, URL, PIN of one tag),
//!   [`TagLayout`] (tag size) and [`SheetLayout`] (tags on PDF pages).
//! - [`qr`]: QR symbols in alphanumeric mode; [`qr_info`] reports version and level;
//!   `qr_mask` picks the mask quickly.
//! - `layout`: the tag design, laid out once per product as a [`TagTemplate`]; `scene`
//!   is the laid-out tag as drawing primitives that every output draws.
//! - Outputs: `svg` ([`render_svg`]), `png` ([`render_png`]), `pdf` ([`PdfSheetWriter`],
//!   streaming, fonts subset and embedded), `zpl` ([`ZplWriter`], thermal printers, Chinese
//!   as a stored graphic or a printer font) and [`csv`] ([`CsvWriter`], print shops).
//! - `font`: the shipped font's glyphs and metrics.
//!
//! Text uses the shipped WenQuanYi Micro Hei font (assets/fonts), compiled in, so rendering
//! needs no installed fonts. docs/CODES.md describes the design and the choices.
#![forbid(unsafe_code)]

pub mod csv;
pub mod data;
pub mod error;
mod font;
mod layout;
mod pdf;
mod png;
pub mod qr;
mod qr_mask;
mod scene;
mod svg;
mod zpl;

pub use csv::{write_batch_csv, BatchCsvError, CsvWriter};
pub use data::{EcLevel, IndicatorGrade, SheetLayout, TagCodes, TagData, TagLayout};
pub use error::LabelError;
pub use layout::TagTemplate;
pub use pdf::{render_pdf, PdfSheetWriter};
pub use png::render_png;
pub use qr::{qr_info, QrMatrix};
pub use svg::render_svg;
pub use zpl::{render_zpl, ZplOptions, ZplText, ZplWriter};
