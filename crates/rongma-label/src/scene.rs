//! A laid-out tag as a few drawing primitives in millimetres, independent of the output
//! format. SVG, PNG, PDF and ZPL all draw the same scene, so they cannot drift apart.

use crate::font::Face;
use crate::qr::QrMatrix;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
pub(crate) const GREY: Rgb = Rgb(0x5f, 0x5f, 0x5f);
pub(crate) const RULE: Rgb = Rgb(0xc8, 0xc8, 0xc8);
pub(crate) const BADGE: Rgb = Rgb(0xa3, 0x1f, 0x24);
pub(crate) const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub color: Rgb,
    pub width: f32,
    /// Dash length (gap equal), or solid.
    pub dash: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text {
    /// Anchor point on the baseline.
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub face: Face,
    pub anchor: Anchor,
    pub color: Rgb,
    /// Drawn with a thin outline of its own colour: the font has no bold face.
    pub bold: bool,
    pub content: String,
    /// Advance width at `size`, measured once when laid out.
    pub width: f32,
}

impl Text {
    /// Left edge of the text, from its anchor and measured width.
    pub(crate) fn left(&self) -> f32 {
        let w = self.width;
        match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        radius: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        stroke: Stroke,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    Text(Text),
    /// Top-left corner of the first module (the quiet zone is outside) and module size.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        matrix: QrMatrix,
    },
}

/// Where the 50 × 90 mm design sits inside the real tag: uniformly scaled and centred.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub width: f32,
    pub height: f32,
    pub scale: f32,
    pub dx: f32,
    pub dy: f32,
}

/// One tag: the fixed items of its product plus the items of its codes.
#[derive(Debug)]
pub(crate) struct Scene<'a> {
    pub frame: Frame,
    pub fixed: &'a [Item],
    /// Per tag, but the same on every tag that has it (the "PIN elsewhere" note): printers
    /// that store the fixed part as a graphic store this with it.
    pub note: Option<Item>,
    /// The QR, the PIN and the serial.
    pub codes: Vec<Item>,
}

impl Scene<'_> {
    pub(crate) fn items(&self) -> impl Iterator<Item = &Item> {
        self.fixed.iter().chain(&self.note).chain(self.codes.iter())
    }
}
