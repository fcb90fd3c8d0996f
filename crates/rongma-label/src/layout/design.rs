//! The fixed part of the design: everything on a tag except its QR, PIN and serial.

use super::text::{badge_text, Style};
use super::{TagTemplate, DESIGN_W, QR_BOX, QR_TOP, RIGHT_COL};
use crate::data::TagData;
use crate::font::Face;
use crate::scene::{Anchor, Item, Rgb, Stroke, Text, BADGE, GREY, INK, RULE, WHITE};

const SANS: fn(f32, Rgb) -> Style =
    |size, color| Style::new(Face::Sans, size, Anchor::Start, color);

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
        self.put(brand.fitted(cx, 11.0, &d.brand, w));
        let style = format!("{}  {}", d.style_number.trim(), d.style_name.trim());
        self.put(
            SANS(2.2, GREY)
                .anchor(Anchor::Middle)
                .fitted(cx, 14.4, style.trim(), w),
        );
        self.fixed.push(Item::Rect {
            x: l,
            y: 16.0,
            w,
            h: 11.8,
            radius: 1.2,
            fill: Some(BADGE),
            stroke: None,
        });
        let (badge, short) = badge_text(&d.grade);
        let big = SANS(6.0, WHITE).anchor(Anchor::Middle).bold();
        self.put(big.fitted(cx, 23.4, &badge, w - 2.0));
        let sub = match short {
            Some(s) => format!("羽绒服装质量分级 · {s}"),
            None => "羽绒服装质量分级".to_owned(),
        };
        self.put(
            SANS(2.2, WHITE)
                .anchor(Anchor::Middle)
                .fitted(cx, 26.5, &sub, w - 2.0),
        );
    }

    /// The five indicator grades (at most five lines fit).
    pub(super) fn indicators(&mut self, d: &TagData) {
        let (l, r) = (self.left(), self.right());
        self.put(SANS(2.0, GREY).text(l + 0.5, 31.2, "核心指标"));
        let note = d.grade_note.trim();
        let column = if note.is_empty() {
            "分级"
        } else {
            "测得等级"
        };
        self.put(
            SANS(2.0, GREY)
                .anchor(Anchor::End)
                .text(r - 0.5, 31.2, column),
        );
        self.rule(32.0, GREY, 0.2);
        let grade = SANS(2.6, BADGE).anchor(Anchor::End).bold();
        for (i, ind) in d.indicators.iter().take(5).enumerate() {
            let y = 35.4 + 3.5 * i as f32;
            self.put(SANS(2.6, INK).fitted(l + 0.5, y, &ind.name, 28.0));
            self.put(grade.fitted(r - 0.5, y, ind.grade.trim(), 10.0));
            self.rule(y + 1.1, RULE, 0.15);
        }
        if !note.is_empty() {
            self.put(
                SANS(2.0, INK)
                    .bold()
                    .fitted(l + 0.5, 52.0, note, r - l - 1.0),
            );
        }
    }

    /// What GB/T 14272 requires on the label, and the certificate.
    pub(super) fn facts(&mut self, d: &TagData) {
        let l = self.left();
        let value_x = l + 11.5;
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
            let y = 54.0 + 3.1 * i as f32;
            self.put(SANS(2.3, GREY).text(l + 0.5, y, label));
            self.put(SANS(2.3, INK).fitted(value_x, y, value, value_w));
        }
        self.rule(65.0, GREY, 0.2);
    }

    /// Captions and the scratch-off frame around where the codes go.
    pub(super) fn code_area(&mut self) {
        let col_w = self.right() - RIGHT_COL;
        let qr_mid = self.qr_left() + QR_BOX / 2.0;
        self.put(SANS(2.3, INK).anchor(Anchor::Middle).text(
            qr_mid,
            QR_TOP + QR_BOX + 2.8,
            "扫码查验",
        ));
        self.put(SANS(2.2, INK).bold().text(RIGHT_COL, 69.4, "防伪码 PIN"));
        let dash = Stroke {
            color: GREY,
            width: 0.2,
            dash: Some(0.6),
        };
        self.fixed.push(Item::Rect {
            x: RIGHT_COL,
            y: 70.6,
            w: col_w,
            h: 6.4,
            radius: 0.8,
            fill: None,
            stroke: Some(dash),
        });
        let hint = "刮开涂层，扫码后输入 PIN 验真";
        self.put(SANS(1.7, GREY).fitted(RIGHT_COL, 79.3, hint, col_w));
        self.put(SANS(1.7, GREY).text(RIGHT_COL, 82.3, "序列号 SN"));
    }
}
