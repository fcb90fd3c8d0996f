//! The fixed part of a tag as a ZPL stored graphic (`~DG`): rendered with rongma's font,
//! reduced to one bit per dot, sent once and recalled by every label.

use crate::error::LabelError;
use crate::png::rasterise;
use crate::scene::Scene;
use std::io::Write;

/// Dots darker than this (0–255) print. The graphic is drawn in black and white, so only
/// anti-aliased edges fall in between, and half-way keeps white-on-black text as wide as
/// black-on-white.
const THRESHOLD: u32 = 128;

/// Writes `~DG{name},{total bytes},{bytes per row},{hex}` for `scene` at `dpi`.
pub(super) fn download(
    out: &mut impl Write,
    name: &str,
    scene: &Scene<'_>,
    dpi: f32,
) -> Result<(), LabelError> {
    // Black and white, no cut line: a die-cut label has its own edge.
    let pixmap = rasterise(scene, dpi, true)?;
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let row_bytes = w.div_ceil(8);
    write!(out, "~DG{name},{},{row_bytes},", row_bytes * h)?;
    let pixels = pixmap.pixels();
    let mut line = Vec::with_capacity(row_bytes * 2 + 1);
    for y in 0..h {
        line.clear();
        for bx in 0..row_bytes {
            let mut byte = 0u8;
            for bit in 0..8 {
                let x = bx * 8 + bit;
                if x < w && is_black(pixels[y * w + x]) {
                    byte |= 0x80 >> bit;
                }
            }
            let _ = write!(line, "{byte:02X}");
        }
        out.write_all(&line)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}

/// The background is opaque white, so premultiplied colour is plain colour.
fn is_black(p: resvg::tiny_skia::PremultipliedColorU8) -> bool {
    let luma =
        (299 * u32::from(p.red()) + 587 * u32::from(p.green()) + 114 * u32::from(p.blue())) / 1000;
    luma < THRESHOLD
}
