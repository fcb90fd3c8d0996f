//! The fixed part of the design: everything on a tag except its QR, PIN and serial.

use super::text::{badge_text, Style};
use super::{
    TagTemplate, ADDRESS_Y, DESIGN_W, FACTS_RULE, PIN_BOX_H, PIN_BOX_TOP, QR_BOX, QR_TOP,
    RIGHT_COL, SERIAL_Y,
};
use crate::data::TagData;
use crate::font::Face;
use crate::scene::{Anchor, Item, Rgb, Stroke, Text, BADGE, GREY, INK, RULE, WHITE};

const SANS: fn(f32, Rgb) -> Style =
    |size, color| Style::new(Face::Sans, size, Anchor::Start, color);

/// The scratch-off instruction, in both languages.
pub(super) const SCRATCH_ZH: &str = "刮开涂层 输入防伪码";
pub(super) const SCRATCH_EN: &str = "Scratch off, enter PIN";
/// Ideographs of 2.5 mm are about 2.2 mm tall in ink.
pub(super) const INSTRUCTION_ZH: Style = Style::new(Face::Sans, 2.5, Anchor::Start, INK);
/// Capitals of 2.85 mm are 2.03 mm tall (cap height 0.714 em).
pub(super) const INSTRUCTION_EN: Style = Style::new(Face::Sans, 2.85, Anchor::Start, INK);

impl TagTemplate {
    fn put(&mut self, t: Text) {
        self.fixed.push(Item::Text(t));
    }

    fn rule(&mut self, y: f32, color: Rgb, width: f32) {
        let stroke = Stroke {
            color,
            width,
            dash: None,
        };
        let (x1, x2) = (self.left(), self.right());
        self.fixed.push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            stroke,
        });
    }

    /// Hole, brand, style, and the grade badge.
    pub(super) fn header(&mut self, d: &TagData) {
        let (l, w, cx) = (self.left(), self.right() - self.left(), DESIGN_W / 2.0);
        let hole = Stroke {
            color: RULE,
            width: 0.25,
            dash: None,
        };
        self.fixed.push(Item::Circle {
            cx,
            cy: 4.6,
            r: 1.3,
            stroke: hole,
        });
        let brand = SANS(4.0, INK).anchor(Anchor::Middle).bold();
        self.put(brand.fitted(cx, 10.6, &d.brand, w));
        let style = format!("{}  {}", d.style_number.trim(), d.style_name.trim());
        self.put(
            SANS(2.2, GREY)
                .anchor(Anchor::Middle)
                .fitted(cx, 13.8, style.trim(), w),
        );
        self.fixed.push(Item::Rect {
            x: l,
            y: 15.0,
            w,
            h: 10.8,
            radius: 1.2,
            fill: Some(BADGE),
            stroke: None,
        });
        let (badge, short) = badge_text(&d.grade);
        let big = SANS(6.0, WHITE).anchor(Anchor::Middle).bold();
        self.put(big.fitted(cx, 22.2, &badge, w - 2.0));
        let sub = match short {
            Some(s) => format!("羽绒服装质量分级 · {s}"),
            None => "羽绒服装质量分级".to_owned(),
        };
        self.put(
            SANS(2.2, WHITE)
                .anchor(Anchor::Middle)
                .fitted(cx, 24.9, &sub, w - 2.0),
        );
    }

    /// The five indicator grades (at most five lines fit).
    pub(super) fn indicators(&mut self, d: &TagData) {
        let (l, r) = (self.left(), self.right());
        self.put(SANS(2.0, GREY).text(l + 0.5, 29.0, "核心指标"));
        let note = d.grade_note.trim();
        let column = if note.is_empty() {
            "分级"
        } else {
            "测得等级"
        };
        self.put(
            SANS(2.0, GREY)
                .anchor(Anchor::End)
                .text(r - 0.5, 29.0, column),
        );
        self.rule(29.8, GREY, 0.2);
        let grade = SANS(2.6, BADGE).anchor(Anchor::End).bold();
        for (i, ind) in d.indicators.iter().take(5).enumerate() {
            let y = 33.0 + 3.2 * i as f32;
            self.put(SANS(2.6, INK).fitted(l + 0.5, y, &ind.name, 28.0));
            self.put(grade.fitted(r - 0.5, y, ind.grade.trim(), 10.0));
            self.rule(y + 0.8, RULE, 0.15);
        }
        if !note.is_empty() {
            self.put(
                SANS(2.0, INK)
                    .bold()
                    .fitted(l + 0.5, 48.9, note, r - l - 1.0),
            );
        }
    }

    /// What GB/T 14272 requires on the label, and the certificate.
    pub(super) fn facts(&mut self, d: &TagData) {
        let l = self.left();
        let value_x = self.value_x();
        let value_w = self.right() - value_x;
        let fill = if d.size.trim().is_empty() {
            d.fill_weight.trim().to_owned()
        } else {
            format!("{}（{} 码）", d.fill_weight.trim(), d.size.trim())
        };
        let rows = [
            ("羽绒种类", d.down_species.trim()),
            ("绒子含量", d.down_content.trim()),
            ("充绒量", fill.as_str()),
            ("证书编号", d.certificate_no.trim()),
        ];
        for (i, (label, value)) in rows.iter().enumerate() {
            let y = 51.9 + 2.85 * i as f32;
            self.put(SANS(2.3, GREY).text(l + 0.5, y, label));
            self.put(SANS(2.3, INK).fitted(value_x, y, value, value_w));
        }
        self.rule(FACTS_RULE, GREY, 0.2);
    }

    /// Captions, the scratch-off frame with its instruction, and the captions of the lines
    /// for typing the code by hand (the address and the serial come per tag).
    pub(super) fn code_area(&mut self) {
        let col_w = self.right() - RIGHT_COL;
        let qr_mid = self.qr_left() + QR_BOX / 2.0;
        self.put(SANS(2.3, INK).anchor(Anchor::Middle).text(
            qr_mid,
            QR_TOP + QR_BOX + 2.3,
            "扫码查验",
        ));
        self.put(SANS(2.2, INK).bold().text(RIGHT_COL, 64.6, "防伪码 PIN"));
        let dash = Stroke {
            color: GREY,
            width: 0.2,
            dash: Some(0.6),
        };
        self.fixed.push(Item::Rect {
            x: RIGHT_COL,
            y: PIN_BOX_TOP,
            w: col_w,
            h: PIN_BOX_H,
            radius: 0.8,
            fill: None,
            stroke: Some(dash),
        });
        // At least 2 mm tall on a 50 × 90 mm tag (tested): read at arm's length.
        self.put(INSTRUCTION_ZH.fitted(RIGHT_COL, 74.7, SCRATCH_ZH, col_w));
        self.put(INSTRUCTION_EN.fitted(RIGHT_COL, 77.6, SCRATCH_EN, col_w));
        let l = self.left() + 0.5;
        self.put(SANS(2.2, GREY).text(l, ADDRESS_Y, "查验网址"));
        self.put(SANS(2.2, GREY).text(l, SERIAL_Y, "序列号 SN"));
    }
}
