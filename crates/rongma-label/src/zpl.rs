//! ZPL II for thermal label printers (Zebra and compatibles), one `^XA … ^XZ` per tag.
//!
//! - Positions come from the same scene as the other outputs, converted to dots (203 dpi by
//!   default: 8 dots/mm).
//! - QR: `^BQN,2,m` with manual input `MM,A…` (level M, alphanumeric), magnification chosen
//!   so a module is about the size it has on the PDF tag.
//! - Chinese text: `^CI28` declares UTF-8 and `^CW` maps font letter `J` to a TrueType
//!   font stored on the printer ([`ZplOptions::cjk_font`]); printers ship no CJK glyphs, so
//!   the font must be installed once (see docs/CODES.md). Widths are measured with
//!   rongma's font, so centring is approximate with another printer font.
//! - Thermal printers are monochrome: the grade badge prints black with reversed (`^FR`)
//!   white text, grey becomes black, dashed borders solid.

use crate::data::{TagCodes, TagData, TagLayout};
use crate::error::LabelError;
use crate::layout::TagTemplate;
use crate::scene::{Item, Scene, Text, WHITE};
use std::io::{BufWriter, Write};

/// Printer settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ZplOptions {
    /// Print head resolution in dots per inch (203, 300 or 600).
    pub dpi: f32,
    /// Printer path of a TrueType font with CJK glyphs, e.g. `E:SIMSUN.TTF`.
    pub cjk_font: String,
}

impl Default for ZplOptions {
    fn default() -> Self {
        Self {
            dpi: 203.0,
            cjk_font: "E:SIMSUN.TTF".to_owned(),
        }
    }
}

/// One tag as a ZPL label.
pub fn render_zpl(
    data: &TagData,
    codes: &TagCodes,
    layout: &TagLayout,
    options: &ZplOptions,
) -> Result<String, LabelError> {
    let t = TagTemplate::new(data, layout)?;
    let mut out = Vec::new();
    label(&mut out, &t.scene(codes)?, options)?;
    String::from_utf8(out).map_err(|e| LabelError::Render(e.to_string()))
}

/// Streams labels to `out`, one per [`push`](Self::push).
pub struct ZplWriter<W: Write> {
    out: BufWriter<W>,
    options: ZplOptions,
}

impl<W: Write> ZplWriter<W> {
    pub fn new(out: W, options: ZplOptions) -> Self {
        Self {
            out: BufWriter::new(out),
            options,
        }
    }

    pub fn push(&mut self, template: &TagTemplate, codes: &TagCodes) -> Result<(), LabelError> {
        label(&mut self.out, &template.scene(codes)?, &self.options)
    }

    pub fn finish(self) -> Result<W, LabelError> {
        self.out
            .into_inner()
            .map_err(|e| LabelError::Io(e.into_error()))
    }
}

fn label(out: &mut impl Write, scene: &Scene<'_>, o: &ZplOptions) -> Result<(), LabelError> {
    let dpi = if o.dpi.is_finite() {
        o.dpi.clamp(100.0, 600.0)
    } else {
        203.0
    };
    let dpmm = dpi / 25.4;
    let f = scene.frame;
    // Design millimetres → printer dots.
    let d = |v: f32| -> i64 { (v * dpmm).round() as i64 };
    let px = |x: f32| d(f.dx + x * f.scale);
    let py = |y: f32| d(f.dy + y * f.scale);
    let len = |l: f32| d(l * f.scale).max(1);
    write!(
        out,
        "^XA\n^CI28\n^CWJ,{}\n^PW{}\n^LL{}\n^LH0,0\n",
        o.cjk_font,
        d(f.width),
        d(f.height)
    )?;
    for item in scene.items() {
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
                    (Some(_), _) => len(w.min(*h)),
                    (None, Some(s)) => len(s.width),
                    (None, None) => continue,
                };
                // ^GB rounding is 0–8, in eighths of the shorter side.
                let round = ((radius / w.min(*h)) * 16.0).round().clamp(0.0, 8.0) as i64;
                writeln!(
                    out,
                    "^FO{},{}^GB{},{},{},B,{}^FS",
                    px(*x),
                    py(*y),
                    len(*w),
                    len(*h),
                    thick,
                    round
                )?;
            }
            Item::Circle { cx, cy, r, stroke } => {
                writeln!(
                    out,
                    "^FO{},{}^GC{},{},B^FS",
                    px(cx - r),
                    py(cy - r),
                    len(2.0 * r),
                    len(stroke.width)
                )?;
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                let t = len(stroke.width);
                let (w, h) = ((x2 - x1).abs(), (y2 - y1).abs());
                writeln!(
                    out,
                    "^FO{},{}^GB{},{},{},B,0^FS",
                    px(x1.min(*x2)),
                    py(y1.min(*y2)),
                    len(w).max(t),
                    len(h).max(t),
                    t
                )?;
            }
            Item::Text(t) => text(out, t, px(t.left()), py(t.y), len(t.size))?,
            Item::Qr {
                x,
                y,
                module,
                matrix,
            } => {
                let mag = len(*module).clamp(1, 10);
                // ^FD of a QR: level M, Manual input, then A(lphanumeric) and the data.
                writeln!(
                    out,
                    "^FO{},{}^BQN,2,{mag}^FDMM,A{}^FS",
                    px(*x),
                    py(*y),
                    matrix.content()
                )?;
            }
        }
    }
    out.write_all(b"^XZ\n")?;
    Ok(())
}

fn text(
    out: &mut impl Write,
    t: &Text,
    x: i64,
    baseline: i64,
    height: i64,
) -> Result<(), LabelError> {
    // ^FT places the field by its baseline, as the scene does; ^FR prints white on black.
    let reverse = if t.color == WHITE { "^FR" } else { "" };
    write!(
        out,
        "^FT{x},{baseline}^AJN,{height},{height}{reverse}^FH^FD"
    )?;
    for c in t.content.chars() {
        match c {
            // ^ and ~ start commands, _ starts a ^FH escape.
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
