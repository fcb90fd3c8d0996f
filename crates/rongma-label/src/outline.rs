//! Text as glyph outlines of the shipped font, as SVG path data: an SVG tag draws its text
//! as shapes and so looks the same wherever it is opened, with no font installed, and the
//! PNG and ZPL bitmaps (rasterised from that SVG) need no font machinery at all.
//!
//! Each glyph's path is built once per process, in font units with y pointing down and
//! relative commands only, and ends with a move to where the next glyph starts (its
//! advance). A text is then `M0 0` and its glyphs' paths one after the other, placed and
//! sized by a single transform: no number is formatted per character.

use crate::font::Face;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::GlyphId;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Mutex, OnceLock};

/// Appends the path data of `text` in font units of `face`, origin at the left end of the
/// baseline. Characters the font lacks draw its .notdef box, as the PDF does.
pub(crate) fn text_path(face: Face, text: &str, out: &mut String) {
    static CACHE: OnceLock<[Mutex<HashMap<u16, String>>; 2]> = OnceLock::new();
    let caches = CACHE.get_or_init(Default::default);
    let font = face.font();
    // A poisoned lock only means another thread panicked mid-insert of a whole string.
    let mut glyphs = caches[face.index() as usize]
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    out.push_str("M0 0");
    for c in text.chars() {
        if c.is_control() {
            continue;
        }
        let gid = font.glyph(c);
        out.push_str(glyphs.entry(gid).or_insert_with(|| glyph_path(face, gid)));
    }
}

/// One glyph's outline, relative to the pen position, ending at the next glyph's origin.
fn glyph_path(face: Face, gid: u16) -> String {
    let font = face.font();
    let mut pen = RelativePen::default();
    if let Some(glyph) = font
        .outlines
        .as_ref()
        .and_then(|o| o.get(GlyphId::new(u32::from(gid))))
    {
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        if glyph.draw(settings, &mut pen).is_err() {
            pen = RelativePen::default();
        }
    }
    let advance = font.advance(gid).round() as i32;
    let (x, y) = pen.cur;
    let _ = write!(pen.out, "m{} {}", advance - x, -y);
    pen.out
}

/// Writes outline commands relative to the current point, in whole font units (half a
/// unit is a thousandth of a millimetre on a tag), y flipped to point down.
#[derive(Default)]
struct RelativePen {
    out: String,
    cur: (i32, i32),
    start: (i32, i32),
}

impl RelativePen {
    fn rel(&mut self, x: f32, y: f32) -> (i32, i32) {
        let p = (x.round() as i32, -(y.round() as i32));
        (p.0 - self.cur.0, p.1 - self.cur.1)
    }

    fn abs(x: f32, y: f32) -> (i32, i32) {
        (x.round() as i32, -(y.round() as i32))
    }
}

impl OutlinePen for RelativePen {
    fn move_to(&mut self, x: f32, y: f32) {
        let (dx, dy) = self.rel(x, y);
        let _ = write!(self.out, "m{dx} {dy}");
        self.cur = Self::abs(x, y);
        self.start = self.cur;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (dx, dy) = self.rel(x, y);
        let _ = write!(self.out, "l{dx} {dy}");
        self.cur = Self::abs(x, y);
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (cx, cy) = self.rel(cx0, cy0);
        let (dx, dy) = self.rel(x, y);
        let _ = write!(self.out, "q{cx} {cy} {dx} {dy}");
        self.cur = Self::abs(x, y);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (ax, ay) = self.rel(cx0, cy0);
        let (bx, by) = self.rel(cx1, cy1);
        let (dx, dy) = self.rel(x, y);
        let _ = write!(self.out, "c{ax} {ay} {bx} {by} {dx} {dy}");
        self.cur = Self::abs(x, y);
    }

    fn close(&mut self) {
        self.out.push('z');
        // After `z` the current point is back at the start of the closed contour.
        self.cur = self.start;
    }
}

/// Height of the inked part of `c` in font units (curves sampled, not their control
/// points): what a reader sees as the character's height.
#[cfg(test)]
pub(crate) fn ink_height(face: Face, c: char) -> f32 {
    #[derive(Default)]
    struct Bounds {
        min: f32,
        max: f32,
        any: bool,
        last: (f32, f32),
    }
    impl Bounds {
        fn add(&mut self, y: f32) {
            if self.any {
                self.min = self.min.min(y);
                self.max = self.max.max(y);
            } else {
                (self.min, self.max, self.any) = (y, y, true);
            }
        }
    }
    impl OutlinePen for Bounds {
        fn move_to(&mut self, x: f32, y: f32) {
            self.add(y);
            self.last = (x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.move_to(x, y);
        }
        fn quad_to(&mut self, _: f32, cy: f32, x: f32, y: f32) {
            let y0 = self.last.1;
            for i in 1..=16 {
                let t = i as f32 / 16.0;
                self.add((1.0 - t) * (1.0 - t) * y0 + 2.0 * t * (1.0 - t) * cy + t * t * y);
            }
            self.last = (x, y);
        }
        fn curve_to(&mut self, _: f32, c0: f32, _: f32, c1: f32, x: f32, y: f32) {
            let y0 = self.last.1;
            for i in 1..=16 {
                let t = i as f32 / 16.0;
                let u = 1.0 - t;
                self.add(
                    u * u * u * y0 + 3.0 * u * u * t * c0 + 3.0 * u * t * t * c1 + t * t * t * y,
                );
            }
            self.last = (x, y);
        }
        fn close(&mut self) {}
    }
    let font = face.font();
    let mut b = Bounds::default();
    if let Some(g) = font
        .outlines
        .as_ref()
        .and_then(|o| o.get(GlyphId::new(u32::from(font.glyph(c)))))
    {
        let _ = g.draw(
            DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
            &mut b,
        );
    }
    b.max - b.min
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_paths_are_relative_and_end_at_the_next_origin() {
        let mut d = String::new();
        text_path(Face::Mono, "I I", &mut d);
        // Monospaced: every glyph advances 1229 units; a space draws nothing.
        let space = glyph_path(Face::Mono, Face::Mono.font().glyph(' '));
        assert_eq!(space, "m1229 0");
        assert!(d.starts_with("M0 0m"), "{d}");
        assert!(!d[1..].contains(['M', 'L', 'Q', 'C']), "relative only: {d}");
        let i = glyph_path(Face::Mono, Face::Mono.font().glyph('I'));
        assert_eq!(d, format!("M0 0{i}{space}{i}"));
        // A CJK glyph has contours; ink heights match the font's metrics.
        assert!(glyph_path(Face::Sans, Face::Sans.font().glyph('码')).contains('z'));
        assert_eq!(ink_height(Face::Sans, 'H'), 1462.0);
        assert!((1700.0..1900.0).contains(&ink_height(Face::Sans, '码')));
    }
}
