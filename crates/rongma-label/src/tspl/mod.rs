//! TSPL for TSC thermal label printers (and the many that speak TSPL), beside ZPL.
//!
//! A job opens with the media setup (`SIZE`, `GAP`, `DIRECTION`, `REFERENCE`), then one
//! `CLS … PRINT 1,1` per tag. As in ZPL's graphic mode, the fixed part of a product's tag
//! (everything but QR, PIN, serial and address) is rendered by rongma with its own font,
//! sent once per product as a one-bit BMP (`DOWNLOAD` into printer memory) and placed on
//! every label (`PUTBMP`), so Chinese prints on any TSPL printer with nothing installed.
//! Per tag: the QR as `QRCODE` (the URL, model 2, the template's error-correction level)
//! and the serial, PIN and address as `TEXT` in the printer's scalable font `0` (ASCII
//! only; sizes in points, positions from the scene, so centring is approximate).
//!
//! There is no printer-font mode as for ZPL: TSC's built-in Chinese fonts want GB2312
//! bytes at fixed sizes, and a downloaded TrueType font gains little over the bitmap.
//! Commands end with CR LF; the `DOWNLOAD` data is binary.

mod bmp;

use crate::data::{TagCodes, TagData, TagLayout};
use crate::dots::Dots;
use crate::error::LabelError;
use crate::layout::TagTemplate;
use crate::png::Bitmap;
use crate::scene::{Item, Text};
use crate::svg::num;
use std::collections::HashMap;
use std::io::{BufWriter, Write};

/// Printer and media settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TsplOptions {
    /// Print head resolution in dots per inch (203, 300 or 600).
    pub dpi: f32,
    /// Gap between labels on the roll, for `GAP` (the printer's gap sensor finds each
    /// label's start with it).
    pub gap_mm: f32,
}

impl Default for TsplOptions {
    fn default() -> Self {
        Self {
            dpi: 203.0,
            gap_mm: 2.0,
        }
    }
}

/// One tag as TSPL (with its bitmap download first).
pub fn render_tspl(
    data: &TagData,
    codes: &TagCodes,
    layout: &TagLayout,
    options: &TsplOptions,
) -> Result<Vec<u8>, LabelError> {
    let t = TagTemplate::new(data, layout)?;
    let mut w = TsplWriter::new(Vec::new(), options.clone());
    w.push(&t, codes)?;
    w.finish()
}

/// Streams labels to `out`, one per [`push`](Self::push); each product's bitmap is sent
/// before its first label, the media setup before the first label and whenever the
/// label size changes.
pub struct TsplWriter<W: Write> {
    out: BufWriter<W>,
    options: TsplOptions,
    /// Bitmap file name by (template, PIN printed).
    graphics: HashMap<(u64, bool), String>,
    /// Label size of the last setup, in dots.
    size: Option<(i64, i64)>,
}

impl<W: Write> TsplWriter<W> {
    pub fn new(out: W, options: TsplOptions) -> Self {
        Self {
            out: BufWriter::with_capacity(256 * 1024, out),
            options,
            graphics: HashMap::new(),
            size: None,
        }
    }

    pub fn push(&mut self, template: &TagTemplate, codes: &TagCodes) -> Result<(), LabelError> {
        let scene = template.scene(codes)?;
        let dots = Dots::new(&scene.frame, self.options.dpi);
        let f = scene.frame;
        let size = (dots.len(f.width), dots.len(f.height));
        if self.size != Some(size) {
            let gap = if self.options.gap_mm.is_finite() {
                self.options.gap_mm.clamp(0.0, 50.0)
            } else {
                2.0
            };
            write!(
                self.out,
                "SIZE {} mm,{} mm\r\nGAP {} mm,0 mm\r\nDIRECTION 1,0\r\nREFERENCE 0,0\r\n",
                num(f.width),
                num(f.height),
                num(gap)
            )?;
            self.size = Some(size);
        }
        let name = self.graphic(template, codes.pin.is_some(), &dots)?;
        let out = &mut self.out;
        write!(out, "CLS\r\nPUTBMP 0,0,\"{name}\"\r\n")?;
        for item in &scene.codes {
            match item {
                Item::Qr {
                    x,
                    y,
                    module,
                    matrix,
                } => write!(
                    out,
                    "QRCODE {},{},{},{},A,0,M2,S7,\"{}\"\r\n",
                    dots.x(*x),
                    dots.y(*y),
                    matrix.ec_level(),
                    dots.size(*module).clamp(1, 10),
                    matrix.content()
                )?,
                Item::Text(t) => text(out, t, &dots)?,
                // The per-tag part is the QR and text; shapes are in the bitmap.
                Item::Rect { .. } | Item::Circle { .. } | Item::Line { .. } => {}
            }
        }
        out.write_all(b"PRINT 1,1\r\n")?;
        Ok(())
    }

    /// File name of the bitmap of this template, downloading it first if new.
    fn graphic(
        &mut self,
        t: &TagTemplate,
        with_pin: bool,
        dots: &Dots,
    ) -> Result<String, LabelError> {
        if let Some(name) = self.graphics.get(&(t.id(), with_pin)) {
            return Ok(name.clone());
        }
        let name = format!("RMTAG{}.BMP", self.graphics.len() + 1);
        let bitmap = Bitmap::thermal(&t.fixed_scene(with_pin), dots.dpi)?;
        let file = bmp::bmp(&bitmap, dots.dpi);
        write!(self.out, "DOWNLOAD \"{name}\",{},", file.len())?;
        self.out.write_all(&file)?;
        self.out.write_all(b"\r\n")?;
        self.graphics.insert((t.id(), with_pin), name.clone());
        Ok(name)
    }

    pub fn finish(self) -> Result<W, LabelError> {
        self.out
            .into_inner()
            .map_err(|e| LabelError::Io(e.into_error()))
    }
}

/// `TEXT x,y,"0",0,pt,pt,"…"`: font 0 is scalable, sized in points; `y` is the top of the
/// text, about 0.8 of the size above the baseline.
fn text(out: &mut impl Write, t: &Text, d: &Dots) -> Result<(), LabelError> {
    let size_mm = d.size(t.size) as f32 * 25.4 / d.dpi;
    let points = (size_mm * 72.0 / 25.4).round().max(1.0);
    write!(
        out,
        "TEXT {},{},\"0\",0,{points},{points},\"",
        d.x(t.left()),
        d.y(t.y - 0.8 * t.size)
    )?;
    for c in t.content.chars() {
        match c {
            // A quote would end the string: TSPL's escape for it.
            '"' => out.write_all(b"\\[\"]")?,
            ' '..='~' => write!(out, "{c}")?,
            // No code page is set: anything else would print as garbage.
            _ => out.write_all(b"?")?,
        }
    }
    out.write_all(b"\"\r\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Face;
    use crate::scene::{Anchor, Frame, INK};

    #[test]
    fn text_cannot_end_its_string_early() {
        let frame = Frame {
            width: 50.0,
            height: 90.0,
            scale: 1.0,
            dx: 0.0,
            dy: 0.0,
        };
        let t = Text {
            x: 10.0,
            y: 20.0,
            size: 2.5,
            face: Face::Mono,
            anchor: Anchor::Start,
            color: INK,
            bold: false,
            content: "a\"b\r\nPRINT 9码".into(),
            width: 10.0,
        };
        let mut out = Vec::new();
        text(&mut out, &t, &Dots::new(&frame, 203.0)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "TEXT 80,144,\"0\",0,7,7,\"a\\[\"]b??PRINT 9?\"\r\n"
        );
    }
}
