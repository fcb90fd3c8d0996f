//! The fixed part of a tag as a ZPL stored graphic (`~DG`): rendered with rongma's font,
//! reduced to one bit per dot, sent once and recalled by every label.

use crate::error::LabelError;
use crate::png::Bitmap;
use crate::scene::Scene;
use std::io::Write;

/// Writes `~DG{name},{total bytes},{bytes per row},{hex}` for `scene` at `dpi`.
pub(super) fn download(
    out: &mut impl Write,
    name: &str,
    scene: &Scene<'_>,
    dpi: f32,
) -> Result<(), LabelError> {
    let bitmap = Bitmap::thermal(scene, dpi)?;
    let row_bytes = bitmap.row_bytes;
    write!(out, "~DG{name},{},{row_bytes},", row_bytes * bitmap.height)?;
    let mut line = Vec::with_capacity(row_bytes * 2 + 1);
    for y in 0..bitmap.height {
        line.clear();
        for byte in bitmap.row(y) {
            let _ = write!(line, "{byte:02X}");
        }
        out.write_all(&line)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}
