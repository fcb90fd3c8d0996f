//! Hang tags of graded down jackets: tag data in, bytes out.
//!
//! Layout:
//! - [`data`]: [`TagData`] (the product facts), [`TagCodes`] (serial, URL, PIN of one tag)
//!   and [`TagLayout`] (tag size).
//! - [`sheet`]: [`SheetLayout`] (tags on PDF pages) and its [`SheetGeometry`]: where each
//!   tag and its crop marks go, in millimetres, with gaps and margins a printer can hold.
//! - [`qr`]: QR symbols in alphanumeric mode; [`qr_info`] reports version and level;
//!   `qr_mask` picks the mask quickly.
//! - `layout`: the tag design, laid out once per product as a [`TagTemplate`]; `scene`
//!   is the laid-out tag as drawing primitives that every output draws.
//! - Outputs: `svg` ([`render_svg`], text as glyph outlines), `png` ([`render_png`]), `pdf`
//!   ([`PdfSheetWriter`], streaming, fonts subset and embedded), `zpl` ([`ZplWriter`],
//!   Zebra thermal printers, Chinese as a stored graphic or a printer font), `tspl`
//!   ([`TsplWriter`], TSC thermal printers, Chinese as a downloaded bitmap) and [`csv`]
//!   ([`CsvWriter`], print shops).
//! - `font`: the shipped font's glyphs and metrics; `outline`: its glyphs as SVG paths.
//!
//! Text uses the shipped WenQuanYi Micro Hei font (assets/fonts), compiled in, so rendering
//! needs no installed fonts, and no output depends on one. docs/CODES.md describes the
//! design and the choices.
#![forbid(unsafe_code)]

pub mod csv;
pub mod data;
mod dots;
pub mod error;
mod font;
mod layout;
mod outline;
mod pdf;
mod png;
pub mod qr;
mod qr_mask;
mod scene;
pub mod sheet;
mod svg;
mod tspl;
mod zpl;

pub use csv::{write_batch_csv, BatchCsvError, CsvWriter};
pub use data::{manual_address, EcLevel, IndicatorGrade, TagCodes, TagData, TagLayout};
pub use error::LabelError;
pub use layout::TagTemplate;
pub use pdf::{render_pdf, PdfSheetWriter};
pub use png::render_png;
pub use qr::{qr_info, QrMatrix};
pub use sheet::{RectMm, Segment, SheetGeometry, SheetLayout};
pub use svg::render_svg;
pub use tspl::{render_tspl, TsplOptions, TsplWriter};
pub use zpl::{render_zpl, ZplOptions, ZplText, ZplWriter};
