//! Scene items as ZPL fields: boxes, circles, lines, text and the QR, in printer dots.

use crate::dots::Dots;
use crate::error::LabelError;
use crate::scene::{Item, Text, WHITE};
use std::io::Write;

pub(super) fn item_zpl(
    out: &mut impl Write,
    item: &Item,
    d: &Dots,
    font: &str,
) -> Result<(), LabelError> {
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
            let thick = match (fill, stroke) {
                (Some(_), _) => d.size(w.min(*h)),
                (None, Some(s)) => d.size(s.width),
                (None, None) => return Ok(()),
            };
            // ^GB rounding is 0–8, in eighths of half the shorter side.
            let round = ((radius / w.min(*h)) * 16.0).round().clamp(0.0, 8.0) as i64;
            writeln!(
                out,
                "^FO{},{}^GB{},{},{thick},B,{round}^FS",
                d.x(*x),
                d.y(*y),
                d.size(*w),
                d.size(*h)
            )?;
        }
        Item::Circle { cx, cy, r, stroke } => {
            writeln!(
                out,
                "^FO{},{}^GC{},{},B^FS",
                d.x(cx - r),
                d.y(cy - r),
                d.size(2.0 * r),
                d.size(stroke.width)
            )?;
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        } => {
            let t = d.size(stroke.width);
            let (w, h) = (
                d.size((x2 - x1).abs()).max(t),
                d.size((y2 - y1).abs()).max(t),
            );
            writeln!(
                out,
                "^FO{},{}^GB{w},{h},{t},B,0^FS",
                d.x(x1.min(*x2)),
                d.y(y1.min(*y2))
            )?;
        }
        Item::Text(t) => text(out, t, d, font)?,
        Item::Qr {
            x,
            y,
            module,
            matrix,
        } => {
            let mag = d.size(*module).clamp(1, 10);
            writeln!(
                out,
                "^FO{},{}^BQN,2,{mag}^FDMM,A{}^FS",
                d.x(*x),
                d.y(*y),
                matrix.content()
            )?;
        }
    }
    Ok(())
}

/// A text field placed by its baseline (`^FT`); `^FR` prints white on the black badge.
fn text(out: &mut impl Write, t: &Text, d: &Dots, font: &str) -> Result<(), LabelError> {
    let h = d.size(t.size);
    let reverse = if t.color == WHITE { "^FR" } else { "" };
    write!(
        out,
        "^FT{},{}^A{font}N,{h},{h}{reverse}^FH^FD",
        d.x(t.left()),
        d.y(t.y)
    )?;
    for c in t.content.chars() {
        match c {
            // ^ and ~ start commands and _ starts a ^FH escape: send them as hex.
            '^' => out.write_all(b"_5E")?,
            '~' => out.write_all(b"_7E")?,
            '_' => out.write_all(b"_5F")?,
            c if c.is_control() => {}
            c => write!(out, "{c}")?,
        }
    }
    out.write_all(b"^FS\n")?;
    Ok(())
}
