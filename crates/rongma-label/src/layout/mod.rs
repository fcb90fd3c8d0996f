//! The tag design: where each piece of information goes on a 50 × 90 mm hang tag.
//!
//! Top to bottom: the hole for the string, brand and style, the grade badge, the five
//! indicator grades, the GB/T 14272 label facts (species, down content, fill weight) with
//! the certificate number, then the QR with "扫码查验" beside the PIN area and its
//! scratch-off instruction (zh and en, at least 2 mm tall), and at the bottom the lines
//! for typing the code by hand: the address (`rongma.example.cn/c`) and the serial.
//! Other tag sizes scale this design uniformly, centred. Coordinates are millimetres of
//! the 50 × 90 design, y downwards, text placed by its baseline.

mod design;
#[cfg(test)]
mod tests;
mod text;

use crate::data::{EcLevel, TagCodes, TagData, TagLayout};
use crate::error::LabelError;
use crate::font::Face;
use crate::qr::QrMatrix;
use crate::scene::{Anchor, Frame, Item, Scene, GREY, INK};
use std::sync::atomic::{AtomicU64, Ordering};
use text::Style;

const DESIGN_W: f32 = 50.0;
const DESIGN_H: f32 = 90.0;
/// Quiet zone around the QR, in modules (the standard asks for four).
const QUIET: usize = 4;
/// Side of the QR including its quiet zone.
const QR_BOX: f32 = 17.0;
const QR_TOP: f32 = 62.1;
/// The rule above the code area.
const FACTS_RULE: f32 = 61.5;
/// Left edge of the PIN column: just clear of the QR's quiet zone.
const RIGHT_COL: f32 = 19.5;
const PIN_BOX_TOP: f32 = 65.6;
const PIN_BOX_H: f32 = 6.4;
/// Baselines of the two lines for typing the code by hand: the address, the serial.
const ADDRESS_Y: f32 = 84.1;
const SERIAL_Y: f32 = 87.0;

const PIN_STYLE: Style = Style::new(Face::Mono, 3.6, Anchor::Middle, INK).bold();
const NO_PIN_STYLE: Style = Style::new(Face::Sans, 2.2, Anchor::Middle, GREY);
/// Monospaced, so each character of the serial and the address is easy to tell apart.
const SERIAL_STYLE: Style = Style::new(Face::Mono, 2.5, Anchor::Start, INK);

/// A product's tag laid out once; each tag then only adds its codes.
#[derive(Debug, Clone)]
pub struct TagTemplate {
    /// Unique per laid-out template (clones share it, having the same content): lets
    /// writers send a template's fixed part to a printer once.
    id: u64,
    frame: Frame,
    fixed: Vec<Item>,
    margin: f32,
    ec: EcLevel,
}

impl TagTemplate {
    /// Lays out everything of `data` that is the same on every tag.
    pub fn new(data: &TagData, layout: &TagLayout) -> Result<Self, LabelError> {
        layout.check()?;
        let scale = (layout.width_mm / DESIGN_W).min(layout.height_mm / DESIGN_H);
        let frame = Frame {
            width: layout.width_mm,
            height: layout.height_mm,
            scale,
            dx: (layout.width_mm - DESIGN_W * scale) / 2.0,
            dy: (layout.height_mm - DESIGN_H * scale) / 2.0,
        };
        let margin = if layout.margin_mm.is_finite() {
            layout.margin_mm.clamp(1.0, 8.0)
        } else {
            3.0
        };
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let mut t = Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            frame,
            fixed: Vec::with_capacity(48),
            margin,
            ec: layout.qr_ec,
        };
        t.header(data);
        t.indicators(data);
        t.facts(data);
        t.code_area();
        Ok(t)
    }

    /// The scene of one tag: the fixed items plus the QR, the PIN, the serial and the
    /// address for typing the serial by hand (from the QR URL's host).
    pub(crate) fn scene(&self, codes: &TagCodes) -> Result<Scene<'_>, LabelError> {
        let matrix = QrMatrix::encode(&codes.url, self.ec)?;
        let module = QR_BOX / (matrix.width() + 2 * QUIET) as f32;
        let quiet = QUIET as f32 * module;
        let col_w = self.right() - RIGHT_COL;
        let pin_x = self.pin_x();
        let (pin, note) = match &codes.pin {
            Some(pin) => (
                Some(PIN_STYLE.fitted(pin_x, PIN_BOX_TOP + 4.7, &pin.grouped(), col_w - 1.0)),
                None,
            ),
            None => (None, self.fixed_scene(false).note),
        };
        let (x, w) = (self.value_x(), self.right() - self.value_x());
        let serial = SERIAL_STYLE.fitted(x, SERIAL_Y, &codes.serial.grouped(), w);
        let qr = Item::Qr {
            x: self.qr_left() + quiet,
            y: QR_TOP + quiet,
            module,
            matrix,
        };
        let mut items = Vec::with_capacity(4);
        items.push(qr);
        items.push(Item::Text(serial));
        items.extend(pin.map(Item::Text));
        if let Some(address) = codes.manual_address() {
            // Shrunk to fit, never cut: half an address is no address.
            items.push(Item::Text(SERIAL_STYLE.shrunk(x, ADDRESS_Y, &address, w)));
        }
        Ok(Scene {
            frame: self.frame,
            fixed: &self.fixed,
            note,
            codes: items,
        })
    }

    /// Only the fixed part (everything but QR, PIN and serial).
    pub(crate) fn fixed_scene(&self, with_pin: bool) -> Scene<'_> {
        let note = (!with_pin).then(|| {
            let y = PIN_BOX_TOP + PIN_BOX_H / 2.0 + 1.0;
            Item::Text(NO_PIN_STYLE.text(self.pin_x(), y, "PIN 见衣内标签"))
        });
        Scene {
            frame: self.frame,
            fixed: &self.fixed,
            note,
            codes: Vec::new(),
        }
    }

    fn pin_x(&self) -> f32 {
        RIGHT_COL + (self.right() - RIGHT_COL) / 2.0
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// Left edge of the values of the facts and of the address and serial lines.
    fn value_x(&self) -> f32 {
        self.left() + 11.5
    }

    fn left(&self) -> f32 {
        self.margin
    }

    fn right(&self) -> f32 {
        DESIGN_W - self.margin
    }

    /// The QR's quiet zone may reach into the margin: it is white anyway.
    fn qr_left(&self) -> f32 {
        self.margin - 1.0
    }
}
