//! The shipped CJK font (WenQuanYi Micro Hei, Apache-2.0, see assets/fonts/README.md),
//! compiled into the binary so a fresh machine renders tags without installed fonts.
//!
//! Two faces of one collection: a proportional one for text and a monospaced one for the
//! serial and the PIN, where equal-width digits make typing them back easier.

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::outline::OutlineGlyphCollection;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use std::sync::OnceLock;

/// The font collection bytes (a TrueType collection of two faces).
pub(crate) static FONT_DATA: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// Which face of the collection a text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Sans,
    Mono,
}

impl Face {
    /// Family name as the font's name table says (the PDF's font names derive from it).
    pub(crate) fn family(self) -> &'static str {
        match self {
            Face::Sans => "WenQuanYi Micro Hei",
            Face::Mono => "WenQuanYi Micro Hei Mono",
        }
    }

    pub(crate) fn index(self) -> u32 {
        match self {
            Face::Sans => 0,
            Face::Mono => 1,
        }
    }

    /// Parsed tables of this face, built once per process.
    pub(crate) fn font(self) -> &'static Font {
        static FONTS: OnceLock<[Option<Font>; 2]> = OnceLock::new();
        let fonts = FONTS.get_or_init(|| [Font::load(0), Font::load(1)]);
        // The shipped collection always parses (tested); an unusable face falls back to
        // the other one, and a wholly broken file yields empty metrics rather than a panic.
        let slot = &fonts[self.index() as usize];
        slot.as_ref()
            .or(fonts[0].as_ref())
            .or(fonts[1].as_ref())
            .unwrap_or_else(|| empty_font())
    }
}

/// Glyph lookup and metrics of one face, in font units.
pub(crate) struct Font {
    // Built once: creating a charmap picks the cmap subtable, too slow to do per character.
    charmap: Option<Charmap<'static>>,
    metrics: Option<GlyphMetrics<'static>>,
    /// Glyph outlines, for SVG text drawn as paths (`outline`).
    pub(crate) outlines: Option<OutlineGlyphCollection<'static>>,
    pub(crate) units_per_em: f32,
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
    pub(crate) cap_height: f32,
    pub(crate) bbox: [f32; 4],
}

impl Font {
    fn load(index: u32) -> Option<Font> {
        let font = FontRef::from_index(FONT_DATA, index).ok()?;
        let m = font.metrics(Size::unscaled(), LocationRef::default());
        let bbox = m.bounds.map_or(
            [0.0, m.descent, m.max_width.unwrap_or(1000.0), m.ascent],
            |b| [b.x_min, b.y_min, b.x_max, b.y_max],
        );
        Some(Font {
            charmap: Some(font.charmap()),
            metrics: Some(font.glyph_metrics(Size::unscaled(), LocationRef::default())),
            outlines: Some(font.outline_glyphs()),
            units_per_em: f32::from(m.units_per_em.max(1)),
            ascent: m.ascent,
            descent: m.descent,
            cap_height: m.cap_height.unwrap_or(m.ascent * 0.7),
            bbox,
        })
    }

    /// Glyph id of `c`, 0 (.notdef) when the font lacks it.
    #[inline]
    pub(crate) fn glyph(&self, c: char) -> u16 {
        self.charmap
            .as_ref()
            .and_then(|m| m.map(c))
            .and_then(|g| u16::try_from(g.to_u32()).ok())
            .unwrap_or(0)
    }

    /// Advance width of glyph `gid` in font units.
    #[inline]
    pub(crate) fn advance(&self, gid: u16) -> f32 {
        self.metrics
            .as_ref()
            .and_then(|m| m.advance_width(GlyphId::new(u32::from(gid))))
            .unwrap_or(self.units_per_em / 2.0)
    }

    /// Width of `text` at font size `size` (same unit as `size`).
    pub(crate) fn measure(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.advance(self.glyph(c))).sum();
        units * size / self.units_per_em
    }
}

fn empty_font() -> &'static Font {
    static EMPTY: Font = Font {
        charmap: None,
        metrics: None,
        outlines: None,
        units_per_em: 1000.0,
        ascent: 800.0,
        descent: -200.0,
        cap_height: 700.0,
        bbox: [0.0, -200.0, 1000.0, 800.0],
    };
    &EMPTY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_load_and_cover_tag_text() {
        for face in [Face::Sans, Face::Mono] {
            let font = face.font();
            assert!(
                font.charmap.is_some() && font.metrics.is_some() && font.outlines.is_some(),
                "{face:?}"
            );
            for c in
                "扫码查验防伪码绒子含量蓬松度浊度钻绒值色牢度白鸭灰鹅级充量证书编号AZ09%g".chars()
            {
                assert_ne!(font.glyph(c), 0, "{face:?} lacks {c}");
            }
        }
        let mono = Face::Mono.font();
        assert_eq!(mono.measure("0000", 10.0), mono.measure("WWWW", 10.0));
    }
}
