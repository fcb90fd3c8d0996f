//! ZPL II for thermal label printers (Zebra and compatibles), one `^XA … ^XZ` per tag.
//!
//! Positions come from the same scene as the other outputs, in dots (203 dpi by default:
//! 8 dots/mm). The QR is `^BQN,2,m^FDMM,A…` (level M, manual input, alphanumeric) with
//! the magnification closest to the module size of the PDF tag.
//!
//! Printers carry no Chinese glyphs, so text has two modes ([`ZplText`]):
//! - `Graphic` (default): the fixed part of a product's tag (everything but QR, PIN and
//!   serial) is rendered by rongma with its own font, sent once per product as a stored
//!   graphic (`~DG`) and recalled on every label (`^XG`). Works on any ZPL printer with
//!   nothing installed; the per-label data stays small. Serial and PIN are ASCII and use
//!   the printer's scalable font 0.
//! - `PrinterFont`: every text is a field (`^CI28` UTF-8, `^CW` maps letter `J` to a
//!   TrueType font with CJK glyphs installed on the printer). Smaller files, crisper text
//!   with a good printer font, but the font must be installed first, and widths are
//!   measured with rongma's font, so centring is approximate.
//!
//! Monochrome: the grade badge prints black with white text, greys print black.

mod fields;
mod graphic;

use crate::data::{TagCodes, TagData, TagLayout};
use crate::dots::Dots;
use crate::error::LabelError;
use crate::layout::TagTemplate;
use fields::item_zpl;
use std::collections::HashMap;
use std::io::{BufWriter, Write};

/// How text reaches the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZplText {
    /// Fixed text as a stored graphic rendered by rongma; no printer font needed.
    Graphic,
    /// Text fields in a CJK TrueType font on the printer, e.g. `E:SIMSUN.TTF`.
    PrinterFont { font: String },
}

/// Printer settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ZplOptions {
    /// Print head resolution in dots per inch (203, 300 or 600).
    pub dpi: f32,
    pub text: ZplText,
}

impl Default for ZplOptions {
    fn default() -> Self {
        Self {
            dpi: 203.0,
            text: ZplText::Graphic,
        }
    }
}

/// One tag as ZPL (with its stored graphic first, in graphic mode).
pub fn render_zpl(
    data: &TagData,
    codes: &TagCodes,
    layout: &TagLayout,
    options: &ZplOptions,
) -> Result<String, LabelError> {
    let t = TagTemplate::new(data, layout)?;
    let mut w = ZplWriter::new(Vec::new(), options.clone());
    w.push(&t, codes)?;
    String::from_utf8(w.finish()?).map_err(|e| LabelError::Render(e.to_string()))
}

/// Streams labels to `out`, one per [`push`](Self::push); in graphic mode each product's
/// fixed graphic is sent before its first label.
pub struct ZplWriter<W: Write> {
    out: BufWriter<W>,
    options: ZplOptions,
    /// Stored graphic name by (template, PIN printed).
    graphics: HashMap<(u64, bool), String>,
}

impl<W: Write> ZplWriter<W> {
    pub fn new(out: W, options: ZplOptions) -> Self {
        Self {
            out: BufWriter::with_capacity(256 * 1024, out),
            options,
            graphics: HashMap::new(),
        }
    }

    pub fn push(&mut self, template: &TagTemplate, codes: &TagCodes) -> Result<(), LabelError> {
        let scene = template.scene(codes)?;
        let dots = Dots::new(&scene.frame, self.options.dpi);
        let stored = match &self.options.text {
            ZplText::PrinterFont { .. } => None,
            ZplText::Graphic => Some(self.graphic(template, codes.pin.is_some(), &dots)?),
        };
        let out = &mut self.out;
        let f = scene.frame;
        write!(
            out,
            "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0\n",
            dots.len(f.width),
            dots.len(f.height)
        )?;
        match stored {
            Some(name) => {
                writeln!(out, "^FO0,0^XG{name},1,1^FS")?;
                for item in &scene.codes {
                    item_zpl(out, item, &dots, "0")?;
                }
            }
            None => {
                if let ZplText::PrinterFont { font } = &self.options.text {
                    writeln!(out, "^CWJ,{font}")?;
                }
                for item in scene.items() {
                    item_zpl(out, item, &dots, "J")?;
                }
            }
        }
        out.write_all(b"^XZ\n")?;
        Ok(())
    }

    /// Name of the stored graphic of this template, sending it first if new.
    fn graphic(
        &mut self,
        t: &TagTemplate,
        with_pin: bool,
        dots: &Dots,
    ) -> Result<String, LabelError> {
        if let Some(name) = self.graphics.get(&(t.id(), with_pin)) {
            return Ok(name.clone());
        }
        let name = format!("R:RMTAG{}.GRF", self.graphics.len() + 1);
        graphic::download(&mut self.out, &name, &t.fixed_scene(with_pin), dots.dpi)?;
        self.graphics.insert((t.id(), with_pin), name.clone());
        Ok(name)
    }

    pub fn finish(self) -> Result<W, LabelError> {
        self.out
            .into_inner()
            .map_err(|e| LabelError::Io(e.into_error()))
    }
}
