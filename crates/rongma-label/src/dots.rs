//! Design millimetres to printer dots, for the thermal-printer languages (ZPL, TSPL).

use crate::scene::Frame;

/// Design millimetres → printer dots.
pub(crate) struct Dots {
    frame: Frame,
    pub(crate) dpi: f32,
    per_mm: f32,
}

impl Dots {
    pub(crate) fn new(frame: &Frame, dpi: f32) -> Self {
        let dpi = if dpi.is_finite() {
            dpi.clamp(100.0, 600.0)
        } else {
            203.0
        };
        Self {
            frame: *frame,
            dpi,
            per_mm: dpi / 25.4,
        }
    }
    pub(crate) fn len(&self, mm: f32) -> i64 {
        (mm * self.per_mm).round() as i64
    }
    pub(crate) fn x(&self, x: f32) -> i64 {
        self.len(self.frame.dx + x * self.frame.scale)
    }
    pub(crate) fn y(&self, y: f32) -> i64 {
        self.len(self.frame.dy + y * self.frame.scale)
    }
    pub(crate) fn size(&self, design_mm: f32) -> i64 {
        self.len(design_mm * self.frame.scale).max(1)
    }
}
