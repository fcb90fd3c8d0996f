//! A tag scene as PDF content-stream operators, in millimetres with y pointing down (the
//! page places each tag with a flipping `cm`, and text flips itself back with `Tm`).

use super::font::FontUse;
use crate::font::Face;
use crate::scene::{Item, Rgb, Scene, Stroke, Text};
use crate::sheet::Segment;
use std::io::Write;

/// Bézier handle length for quarter circles.
const KAPPA: f32 = 0.552_285;

pub(crate) struct Fonts<'a> {
    pub sans: &'a mut FontUse,
    pub mono: &'a mut FontUse,
}

/// Draws `scene` with its top-left corner at the current origin. No cut line: sheets are
/// cut along their crop marks, and a line near the edge would show after a slightly
/// inexact cut.
pub(crate) fn draw(ops: &mut Vec<u8>, scene: &Scene<'_>, fonts: &mut Fonts<'_>) {
    let f = scene.frame;
    let _ = writeln!(
        ops,
        "q {} 0 0 {} {} {} cm",
        n(f.scale),
        n(f.scale),
        n(f.dx),
        n(f.dy)
    );
    for item in scene.items() {
        item_ops(ops, item, fonts);
    }
    ops.extend_from_slice(b"Q\n");
}

/// Crop marks given in page millimetres (y down), drawn black in page points (y up).
pub(crate) fn crop_marks(ops: &mut Vec<u8>, marks: &[Segment], page_h: f32, pt: f32, width: f32) {
    if marks.is_empty() {
        return;
    }
    let _ = write!(ops, "0 G {} w [] 0 d", n(width * pt));
    for m in marks {
        let _ = write!(
            ops,
            " {} {} m {} {} l",
            n(m.x1 * pt),
            n((page_h - m.y1) * pt),
            n(m.x2 * pt),
            n((page_h - m.y2) * pt)
        );
    }
    ops.extend_from_slice(b" S\n");
}

fn item_ops(ops: &mut Vec<u8>, item: &Item, fonts: &mut Fonts<'_>) {
    match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            radius,
            fill,
            stroke,
        } => {
            if let Some(c) = fill {
                color(ops, *c, "rg");
                rounded_rect(ops, *x, *y, *w, *h, *radius);
                ops.extend_from_slice(b"f\n");
            }
            if let Some(s) = stroke {
                stroke_style(ops, s);
                rounded_rect(ops, *x, *y, *w, *h, *radius);
                ops.extend_from_slice(b"S\n");
            }
        }
        Item::Circle { cx, cy, r, stroke } => {
            stroke_style(ops, stroke);
            rounded_rect(ops, cx - r, cy - r, 2.0 * r, 2.0 * r, *r);
            ops.extend_from_slice(b"S\n");
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        } => {
            stroke_style(ops, stroke);
            let _ = writeln!(ops, "{} {} m {} {} l S", n(*x1), n(*y1), n(*x2), n(*y2));
        }
        Item::Text(t) => text(ops, t, fonts),
        Item::Qr {
            x,
            y,
            module,
            matrix,
        } => {
            // In module units the rectangles are small integers: short and exact.
            let _ = writeln!(
                ops,
                "q {} 0 0 {} {} {} cm 0 g",
                n(*module),
                n(*module),
                n(*x),
                n(*y)
            );
            for (row, col, len) in matrix.runs() {
                let _ = write!(ops, "{col} {row} {len} 1 re ");
            }
            ops.extend_from_slice(b"f Q\n");
        }
    }
}

fn text(ops: &mut Vec<u8>, t: &Text, fonts: &mut Fonts<'_>) {
    let (font, name) = match t.face {
        Face::Sans => (&mut *fonts.sans, "F1"),
        Face::Mono => (&mut *fonts.mono, "F2"),
    };
    let x = t.left();
    ops.extend_from_slice(b"q ");
    color(ops, t.color, "rg");
    if t.bold {
        // Fill and stroke the glyphs with their own colour: a faux bold.
        color(ops, t.color, "RG");
        let _ = write!(ops, "{} w 1 j 2 Tr ", n(t.size * 0.045));
    }
    let _ = write!(
        ops,
        "BT /{name} {} Tf 1 0 0 -1 {} {} Tm ",
        n(t.size),
        n(x),
        n(t.y)
    );
    font.encode(&t.content, ops);
    ops.extend_from_slice(b" Tj ET Q\n");
}

fn stroke_style(ops: &mut Vec<u8>, s: &Stroke) {
    color(ops, s.color, "RG");
    match s.dash {
        Some(d) => {
            let _ = write!(ops, "{} w [{} {}] 0 d ", n(s.width), n(d), n(d));
        }
        None => {
            let _ = write!(ops, "{} w [] 0 d ", n(s.width));
        }
    }
}

fn color(ops: &mut Vec<u8>, c: Rgb, op: &str) {
    let v = |x: u8| n(f32::from(x) / 255.0);
    let _ = write!(ops, "{} {} {} {op} ", v(c.0), v(c.1), v(c.2));
}

/// Appends a rectangle path with corners rounded by `r` (0 for square corners).
fn rounded_rect(ops: &mut Vec<u8>, x: f32, y: f32, w: f32, h: f32, r: f32) {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    if r == 0.0 {
        let _ = write!(ops, "{} {} {} {} re ", n(x), n(y), n(w), n(h));
        return;
    }
    let k = r * KAPPA;
    let (x1, y1) = (x + w, y + h);
    let _ = write!(ops, "{} {} m {} {} l ", n(x + r), n(y), n(x1 - r), n(y));
    let _ = write!(
        ops,
        "{} {} {} {} {} {} c ",
        n(x1 - r + k),
        n(y),
        n(x1),
        n(y + r - k),
        n(x1),
        n(y + r)
    );
    let _ = write!(ops, "{} {} l ", n(x1), n(y1 - r));
    let _ = write!(
        ops,
        "{} {} {} {} {} {} c ",
        n(x1),
        n(y1 - r + k),
        n(x1 - r + k),
        n(y1),
        n(x1 - r),
        n(y1)
    );
    let _ = write!(ops, "{} {} l ", n(x + r), n(y1));
    let _ = write!(
        ops,
        "{} {} {} {} {} {} c ",
        n(x + r - k),
        n(y1),
        n(x),
        n(y1 - r + k),
        n(x),
        n(y1 - r)
    );
    let _ = write!(ops, "{} {} l ", n(x), n(y + r));
    let _ = write!(
        ops,
        "{} {} {} {} {} {} c h ",
        n(x),
        n(y + r - k),
        n(x + r - k),
        n(y),
        n(x + r),
        n(y)
    );
}

/// A number with at most four decimals and no trailing zeros (PDF has no exponent form).
pub(crate) fn n(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.4}");
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" || t.is_empty() {
        "0".to_owned()
    } else {
        t.to_owned()
    }
}
