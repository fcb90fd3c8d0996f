//! SVG output: text as glyph outlines of the shipped font (no font needed to open it) and
//! one path per QR, with numbers printed at fixed precision so the same tag always gives
//! the same bytes.

use crate::data::{TagCodes, TagData, TagLayout};
use crate::error::LabelError;
use crate::layout::TagTemplate;
use crate::outline::text_path;
use crate::scene::{Item, Rgb, Scene, Stroke, Text, RULE, WHITE};
use std::fmt::Write;

/// The tag of `codes` for product `data`, as a standalone SVG document.
pub fn render_svg(
    data: &TagData,
    codes: &TagCodes,
    layout: &TagLayout,
) -> Result<String, LabelError> {
    TagTemplate::new(data, layout)?.svg(codes)
}

impl TagTemplate {
    /// This product's tag for `codes`, as SVG.
    pub fn svg(&self, codes: &TagCodes) -> Result<String, LabelError> {
        Ok(scene_svg(&self.scene(codes)?))
    }
}

pub(crate) fn scene_svg(scene: &Scene<'_>) -> String {
    scene_svg_with(scene, true, false)
}

/// `outline` draws the cut line (a die-cut thermal label has its own edge and omits it);
/// `mono` paints every colour but white black, for one-bit thermal printing.
pub(crate) fn scene_svg_with(scene: &Scene<'_>, outline: bool, mono: bool) -> String {
    let f = scene.frame;
    let mut out = String::with_capacity(8 * 1024);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">"#,
        w = num(f.width),
        h = num(f.height)
    );
    let _ = writeln!(
        out,
        r##"<rect width="{}" height="{}" fill="#fff"/>"##,
        num(f.width),
        num(f.height)
    );
    if outline {
        // The cut line: where the printer's die or the guillotine separates tags.
        let _ = writeln!(
            out,
            r#"<rect x="0.1" y="0.1" width="{}" height="{}" rx="2" fill="none"{}/>"#,
            num(f.width - 0.2),
            num(f.height - 0.2),
            stroke_attrs(
                &Stroke {
                    color: RULE,
                    width: 0.2,
                    dash: None
                },
                mono
            )
        );
    }
    let _ = write!(
        out,
        r#"<g transform="translate({} {}) scale({})">"#,
        num(f.dx),
        num(f.dy),
        num4(f.scale)
    );
    out.push('\n');
    // One element a line keeps snapshot diffs readable.
    for item in scene.items() {
        item_svg(&mut out, item, mono);
        out.push('\n');
    }
    out.push_str("</g></svg>\n");
    out
}

fn item_svg(out: &mut String, item: &Item, mono: bool) {
    let _ = match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            radius,
            fill,
            stroke,
        } => write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"{}/>"#,
            num(*x),
            num(*y),
            num(*w),
            num(*h),
            num(*radius),
            fill.map_or("none".to_owned(), |c| paint(c, mono)),
            stroke
                .as_ref()
                .map_or(String::new(), |s| stroke_attrs(s, mono))
        ),
        Item::Circle { cx, cy, r, stroke } => write!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}" fill="none"{}/>"#,
            num(*cx),
            num(*cy),
            num(*r),
            stroke_attrs(stroke, mono)
        ),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        } => write!(
            out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}"{}/>"#,
            num(*x1),
            num(*y1),
            num(*x2),
            num(*y2),
            stroke_attrs(stroke, mono)
        ),
        Item::Text(t) => text_svg(out, t, mono),
        Item::Qr {
            x,
            y,
            module,
            matrix,
        } => {
            out.push_str(r##"<path shape-rendering="crispEdges" fill="#000" d=""##);
            for (row, col, len) in matrix.runs() {
                let _ = write!(
                    out,
                    "M{} {}h{}v{}h-{}z",
                    num4(x + col as f32 * module),
                    num4(y + row as f32 * module),
                    num4(len as f32 * module),
                    num4(*module),
                    num4(len as f32 * module)
                );
            }
            write!(out, r#""/>"#)
        }
    };
}

/// A text as one path of the shipped font's glyph outlines (see `outline`), with the
/// words in `aria-label` for screen readers and search.
fn text_svg(out: &mut String, t: &Text, mono: bool) -> std::fmt::Result {
    let font = t.face.font();
    let k = t.size / font.units_per_em;
    out.push_str("<path aria-label=\"");
    escape_into(out, &t.content);
    write!(
        out,
        r#"" transform="translate({} {}) scale({})" fill="{}""#,
        num(t.left()),
        num(t.y),
        trim(format!("{k:.7}")),
        paint(t.color, mono)
    )?;
    if t.bold {
        // In font units: the transform scales it to 4.5 % of the text size.
        write!(
            out,
            r#" stroke="{}" stroke-width="{}" stroke-linejoin="round""#,
            paint(t.color, mono),
            num(0.045 * font.units_per_em)
        )?;
    }
    out.push_str(" d=\"");
    text_path(t.face, &t.content, out);
    out.push_str("\"/>");
    Ok(())
}

fn stroke_attrs(s: &Stroke, mono: bool) -> String {
    let mut a = format!(
        r#" stroke="{}" stroke-width="{}""#,
        paint(s.color, mono),
        num(s.width)
    );
    if let Some(d) = s.dash {
        let _ = write!(a, r#" stroke-dasharray="{} {}""#, num(d), num(d));
    }
    a
}

fn paint(c: Rgb, mono: bool) -> String {
    match (mono, c == WHITE) {
        (false, _) => hex(c),
        (true, true) => "#fff".to_owned(),
        (true, false) => "#000".to_owned(),
    }
}

pub(crate) fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0; drop them.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A length rounded to 0.01 mm, without trailing zeros.
pub(crate) fn num(v: f32) -> String {
    trim(format!("{:.2}", v))
}

/// Four decimals, for QR modules whose size is not a round number.
fn num4(v: f32) -> String {
    trim(format!("{:.4}", v))
}

fn trim(s: String) -> String {
    let t = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if t == "-0" {
        "0".to_owned()
    } else {
        t.to_owned()
    }
}
