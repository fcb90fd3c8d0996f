//! PNG output: the SVG of the tag rasterised by resvg with the shipped font, so the
//! picture matches the SVG and needs no fonts installed on the machine.

use crate::data::{TagCodes, TagData, TagLayout};
use crate::error::LabelError;
use crate::font::FONT_DATA;
use crate::layout::TagTemplate;
use crate::scene::Scene;
use crate::svg::scene_svg_with;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

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

/// Parsing options with a font database holding only the shipped font, built once.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(FONT_DATA)));
        db.set_sans_serif_family("WenQuanYi Micro Hei");
        db.set_monospace_family("WenQuanYi Micro Hei Mono");
        usvg::Options {
            font_family: "WenQuanYi Micro Hei".to_owned(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}
