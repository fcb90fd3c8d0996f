//! Errors of label rendering. Inputs are plain data, so most failures are about sizes that
//! cannot hold a tag, URLs a QR cannot carry, or the output writer failing.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum LabelError {
    #[error("QR content must be upper-case QR alphanumeric text (0-9, A-Z, space, $%*+-./:); character {position} is {found:?}")]
    QrCharacter { position: usize, found: char },
    #[error("QR content of {len} characters does not fit a QR code at level {ec}")]
    QrTooLong { len: usize, ec: String },
    #[error("tag size {width_mm} x {height_mm} mm is outside 20-300 mm")]
    TagSize { width_mm: f32, height_mm: f32 },
    #[error("a {tag_w} x {tag_h} mm tag does not fit on a {page_w} x {page_h} mm page with these margins")]
    SheetTooSmall {
        tag_w: f32,
        tag_h: f32,
        page_w: f32,
        page_h: f32,
    },
    #[error("rendering the tag failed: {0}")]
    Render(String),
    #[error("embedding the font failed: {0}")]
    Font(String),
    #[error("writing the output failed")]
    Io(#[from] std::io::Error),
}
