//! The tag design: where each piece of information goes on a 50 × 90 mm hang tag.
//!
//! Top to bottom: the hole for the string, brand and style, the grade badge, the five
//! indicator grades, the GB/T 14272 label facts (species, down content, fill weight) with
//! the certificate number, then the QR with "扫码查验" beside the PIN area and the serial.
//! Other tag sizes scale this design uniformly, centred.

use crate::data::{EcLevel, TagCodes, TagData, TagLayout};
use crate::error::LabelError;
use crate::font::Face;
use crate::qr::QrMatrix;
use crate::scene::{Anchor, Frame, Item, Rgb, Scene, Stroke, Text, BADGE, GREY, INK, RULE, WHITE};

const DESIGN_W: f32 = 50.0;
const DESIGN_H: f32 = 90.0;
/// Quiet zone around the QR, in modules (the standard asks for four).
pub(crate) const QUIET: usize = 4;
/// Side of the QR including its quiet zone, in design mm.
const QR_BOX: f32 = 17.0;
const QR_TOP: f32 = 65.8;
/// Left edge of the PIN and serial column.
const RIGHT_COL: f32 = 20.5;

/// A product's tag laid out once; each tag then only adds its codes.
#[derive(Debug, Clone)]
pub struct TagTemplate {
    frame: Frame,
    fixed: Vec<Item>,
    margin: f32,
    ec: EcLevel,
}

impl TagTemplate {
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
        let mut t = Self {
            frame,
            fixed: Vec::with_capacity(48),
            margin,
            ec: layout.qr_ec,
        };
        t.header(data);
        t.indicators(data);
        t.facts(data);
        Ok(t)
    }

    /// The scene of one tag of this product.
    pub(crate) fn scene(&self, codes: &TagCodes) -> Result<Scene<'_>, LabelError> {
        let matrix = QrMatrix::encode(&codes.url, self.ec)?;
        let module = QR_BOX / (matrix.width() + 2 * QUIET) as f32;
        let qr_x = self.margin - 1.0;
        let right = DESIGN_W - self.margin;
        let col_w = right - RIGHT_COL;
        let mut items = Vec::with_capacity(8);
        items.push(Item::Qr {
            x: qr_x + QUIET as f32 * module,
            y: QR_TOP + QUIET as f32 * module,
            module,
            matrix,
        });
        items.push(Item::Text(text(
            qr_x + QR_BOX / 2.0,
            QR_TOP + QR_BOX + 2.8,
            2.3,
            Anchor::Middle,
            INK,
            "扫码查验",
        )));
        let pin = match &codes.pin {
            Some(pin) => fitted(
                Face::Mono,
                RIGHT_COL + col_w / 2.0,
                75.3,
                3.6,
                Anchor::Middle,
                INK,
                &pin.grouped(),
                col_w - 1.0,
            ),
            None => text(
                RIGHT_COL + col_w / 2.0,
                74.8,
                2.2,
                Anchor::Middle,
                GREY,
                "PIN 见衣内标签",
            ),
        };
        items.push(Item::Text(Text {
            bold: codes.pin.is_some(),
            ..pin
        }));
        let serial = codes.serial.grouped();
        items.push(Item::Text(fitted(
            Face::Mono,
            RIGHT_COL,
            85.6,
            2.25,
            Anchor::Start,
            INK,
            &serial,
            col_w,
        )));
        Ok(Scene {
            frame: self.frame,
            fixed: &self.fixed,
            codes: items,
        })
    }

    fn push_text(&mut self, t: Text) {
        self.fixed.push(Item::Text(t));
    }

    fn rule(&mut self, y: f32, color: Rgb, width: f32) {
        let (l, r) = (self.margin, DESIGN_W - self.margin);
        self.fixed.push(Item::Line {
            x1: l,
            y1: y,
            x2: r,
            y2: y,
            stroke: Stroke {
                color,
                width,
                dash: None,
            },
        });
    }

    fn header(&mut self, d: &TagData) {
        let (l, r) = (self.margin, DESIGN_W - self.margin);
        let w = r - l;
        let cx = DESIGN_W / 2.0;
        self.fixed.push(Item::Circle {
            cx,
            cy: 4.6,
            r: 1.3,
            stroke: Stroke {
                color: RULE,
                width: 0.25,
                dash: None,
            },
        });
        self.push_text(Text {
            bold: true,
            ..fitted(Face::Sans, cx, 11.0, 4.0, Anchor::Middle, INK, &d.brand, w)
        });
        let style = format!("{}  {}", d.style_number.trim(), d.style_name.trim());
        self.push_text(fitted(
            Face::Sans,
            cx,
            14.4,
            2.2,
            Anchor::Middle,
            GREY,
            style.trim(),
            w,
        ));
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
        self.push_text(Text {
            bold: true,
            ..fitted(
                Face::Sans,
                cx,
                23.4,
                6.0,
                Anchor::Middle,
                WHITE,
                &badge,
                w - 2.0,
            )
        });
        let sub = match short {
            Some(s) => format!("羽绒服装质量分级 · {s}"),
            None => "羽绒服装质量分级".to_owned(),
        };
        self.push_text(fitted(
            Face::Sans,
            cx,
            26.5,
            2.2,
            Anchor::Middle,
            WHITE,
            &sub,
            w - 2.0,
        ));
    }

    fn indicators(&mut self, d: &TagData) {
        let (l, r) = (self.margin, DESIGN_W - self.margin);
        self.push_text(text(l + 0.5, 31.2, 2.0, Anchor::Start, GREY, "核心指标"));
        self.push_text(text(r - 0.5, 31.2, 2.0, Anchor::End, GREY, "分级"));
        self.rule(32.0, GREY, 0.2);
        for (i, ind) in d.indicators.iter().take(5).enumerate() {
            let y = 35.4 + 3.5 * i as f32;
            self.push_text(fitted(
                Face::Sans,
                l + 0.5,
                y,
                2.6,
                Anchor::Start,
                INK,
                &ind.name,
                28.0,
            ));
            let grade = text(r - 0.5, y, 2.6, Anchor::End, BADGE, ind.grade.trim());
            self.push_text(Text {
                bold: true,
                ..grade
            });
            self.rule(y + 1.1, RULE, 0.15);
        }
    }

    fn facts(&mut self, d: &TagData) {
        let l = self.margin;
        let value_w = DESIGN_W - self.margin - (l + 11.5);
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
            self.push_text(text(l + 0.5, y, 2.3, Anchor::Start, GREY, label));
            self.push_text(fitted(
                Face::Sans,
                l + 11.5,
                y,
                2.3,
                Anchor::Start,
                INK,
                value,
                value_w,
            ));
        }
        self.rule(65.0, GREY, 0.2);
        let right = DESIGN_W - self.margin;
        let col_w = right - RIGHT_COL;
        self.push_text(Text {
            bold: true,
            ..text(RIGHT_COL, 69.4, 2.2, Anchor::Start, INK, "防伪码 PIN")
        });
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
        self.push_text(fitted(
            Face::Sans,
            RIGHT_COL,
            79.3,
            1.7,
            Anchor::Start,
            GREY,
            "刮开涂层，扫码后输入 PIN 验真",
            col_w,
        ));
        self.push_text(text(RIGHT_COL, 82.3, 1.7, Anchor::Start, GREY, "序列号 SN"));
    }
}

/// "4A" → ("AAAA 级", Some("4A")); anything else is shown as given.
fn badge_text(grade: &str) -> (String, Option<String>) {
    let g = grade.trim().to_ascii_uppercase();
    let mut chars = g.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(n @ '1'..='5'), Some('A'), None) => {
            let count = n.to_digit(10).unwrap_or(1) as usize;
            (format!("{} 级", "A".repeat(count)), Some(g))
        }
        _ => (grade.trim().to_owned(), None),
    }
}

fn text(x: f32, y: f32, size: f32, anchor: Anchor, color: Rgb, content: &str) -> Text {
    Text {
        x,
        y,
        size,
        face: Face::Sans,
        anchor,
        color,
        bold: false,
        content: content.to_owned(),
        width: Face::Sans.font().measure(content, size),
    }
}

/// Text that fits `max_w`: shrunk down to 70 % of its size, then cut with an ellipsis.
#[expect(
    clippy::too_many_arguments,
    reason = "a text item has this many independent parts"
)]
fn fitted(
    face: Face,
    x: f32,
    y: f32,
    size: f32,
    anchor: Anchor,
    color: Rgb,
    content: &str,
    max_w: f32,
) -> Text {
    let font = face.font();
    let width = font.measure(content, size);
    let (size, content) = if width <= max_w {
        (size, content.to_owned())
    } else if width * 0.7 <= max_w {
        (size * max_w / width, content.to_owned())
    } else {
        let small = size * 0.7;
        let mut cut: String = content.to_owned();
        while !cut.is_empty() && font.measure(&cut, small) + font.measure("…", small) > max_w {
            cut.pop();
        }
        cut.push('…');
        (small, cut)
    };
    Text {
        x,
        y,
        size,
        face,
        anchor,
        color,
        bold: false,
        width: font.measure(&content, size),
        content,
    }
}
