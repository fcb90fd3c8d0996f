//! PNG output: the SVG of the tag rasterised by resvg. The SVG's text is already glyph
//! outlines, so the picture matches the SVG and no font is loaded or needed.

use crate::data::{TagCodes, TagData, TagLayout};
use crate::error::LabelError;
use crate::layout::TagTemplate;
use crate::scene::Scene;
use crate::svg::scene_svg_with;
use resvg::{tiny_skia, usvg};
use std::sync::OnceLock;

/// The tag of `codes` as a PNG at `dpi` dots per inch (300 suits previews and printing).
pub fn render_png(
    data: &TagData,
    codes: &TagCodes,
    layout: &TagLayout,
    dpi: f32,
) -> Result<Vec<u8>, LabelError> {
    TagTemplate::new(data, layout)?.png(codes, dpi)
}

impl TagTemplate {
    /// This product's tag for `codes`, as PNG at `dpi` (clamped to 72–1200).
    pub fn png(&self, codes: &TagCodes, dpi: f32) -> Result<Vec<u8>, LabelError> {
        let scene = self.scene(codes)?;
        rasterise(&scene, dpi, false)?
            .encode_png()
            .map_err(|e| LabelError::Render(e.to_string()))
    }
}

/// The scene as pixels at `dpi` (clamped to 72–1200) on white: in colour with the cut
/// line, or (`thermal`) black and white without it.
pub(crate) fn rasterise(
    scene: &Scene<'_>,
    dpi: f32,
    thermal: bool,
) -> Result<tiny_skia::Pixmap, LabelError> {
    let svg = scene_svg_with(scene, !thermal, thermal);
    let tree =
        usvg::Tree::from_str(&svg, options()).map_err(|e| LabelError::Render(e.to_string()))?;
    let dpi = if dpi.is_finite() {
        dpi.clamp(72.0, 1200.0)
    } else {
        300.0
    };
    let px_per_mm = dpi / 25.4;
    let width = (scene.frame.width * px_per_mm).round().max(1.0) as u32;
    let height = (scene.frame.height * px_per_mm).round().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| LabelError::Render(format!("cannot allocate {width} x {height} pixels")))?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Parsing options, built once (no font database: the SVG has no text elements).
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(usvg::Options::default)
}

/// Dots darker than this (0–255) print. The bitmap is drawn in black and white, so only
/// anti-aliased edges fall in between, and half-way keeps white-on-black text as wide as
/// black-on-white.
const THRESHOLD: u32 = 128;

/// A scene at one bit per dot for thermal printers (ZPL stored graphics, TSPL bitmaps).
pub(crate) struct Bitmap {
    pub width: usize,
    pub height: usize,
    /// Bytes per row: `width` rounded up to whole bytes.
    pub row_bytes: usize,
    /// Rows top to bottom, most significant bit first, 1 = black; padding bits are 0.
    pub bits: Vec<u8>,
}

impl Bitmap {
    /// `scene` in black and white without its cut line (a die-cut label has its own edge).
    pub(crate) fn thermal(scene: &Scene<'_>, dpi: f32) -> Result<Self, LabelError> {
        let pixmap = rasterise(scene, dpi, true)?;
        let (width, height) = (pixmap.width() as usize, pixmap.height() as usize);
        let row_bytes = width.div_ceil(8);
        let mut bits = vec![0u8; row_bytes * height];
        for (y, row) in pixmap.pixels().chunks(width).enumerate() {
            for (x, p) in row.iter().enumerate() {
                // The background is opaque white, so premultiplied colour is plain colour.
                let luma = (299 * u32::from(p.red())
                    + 587 * u32::from(p.green())
                    + 114 * u32::from(p.blue()))
                    / 1000;
                if luma < THRESHOLD {
                    bits[y * row_bytes + x / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        Ok(Self {
            width,
            height,
            row_bytes,
            bits,
        })
    }

    pub(crate) fn row(&self, y: usize) -> &[u8] {
        &self.bits[y * self.row_bytes..(y + 1) * self.row_bytes]
    }
}
