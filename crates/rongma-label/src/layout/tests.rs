//! The design measured: the scratch-off instruction's height in millimetres, the address
//! taken from the QR URL, and no two texts on top of each other.

use super::design::{SCRATCH_EN, SCRATCH_ZH};
use super::*;
use crate::data::IndicatorGrade;
use crate::outline::ink_height;
use crate::scene::Text;
use rongma_domain::codes::{CodeKeys, KeyId, Keyring, PinKeyring, SecretKey, SeqRange};

fn product() -> TagData {
    TagData {
        brand: "雪域绒品".into(),
        style_number: "XY-2025-018".into(),
        style_name: "轻暖连帽短款羽绒服".into(),
        grade: "4A".into(),
        indicators: ["绒子含量", "蓬松度", "浊度", "钻绒值", "色牢度"]
            .iter()
            .map(|n| IndicatorGrade::new(*n, "4A"))
            .collect(),
        down_species: "白鹅绒".into(),
        down_content: "90%".into(),
        fill_weight: "158 g".into(),
        size: "L".into(),
        certificate_no: "PH-RF-2025-000123".into(),
        grade_note: "等级经审核调整为 3A".into(),
    }
}

fn codes(host: &str) -> TagCodes {
    let one = KeyId::parse("1").unwrap();
    let secret = |b: u8| SecretKey::from_bytes(vec![b; 32]).unwrap();
    let keys = CodeKeys::new(
        Keyring::new(one, [(one, secret(1))]).unwrap(),
        PinKeyring::new(one, [(one, secret(2))]).unwrap(),
    )
    .unwrap();
    let code = keys
        .codes(one, SeqRange::new(7, 1).unwrap())
        .unwrap()
        .next()
        .unwrap();
    TagCodes {
        url: format!("HTTPS://{host}/C/{}", code.serial),
        serial: code.serial,
        pin: Some(code.pin),
    }
}

fn texts<'a>(scene: &'a Scene<'_>) -> Vec<&'a Text> {
    scene
        .items()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// Printed height in mm of character `c` of `t` on a tag of `scale`.
fn ink_mm(t: &Text, c: char, scale: f32) -> f32 {
    ink_height(t.face, c) / t.face.font().units_per_em * t.size * scale
}

#[test]
fn the_scratch_off_instruction_is_at_least_2_mm_tall() {
    let t = TagTemplate::new(&product(), &TagLayout::default()).unwrap();
    let c = codes("RONGMA.EXAMPLE.CN");
    let scene = t.scene(&c).unwrap();
    let all = texts(&scene);
    let find = |s: &str| *all.iter().find(|t| t.content == s).expect(s);
    let zh = find(SCRATCH_ZH);
    // Every ideograph's ink, not the em box: the shortest one counts.
    let shortest = zh
        .content
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| ink_mm(zh, c, scene.frame.scale))
        .fold(f32::MAX, f32::min);
    assert!(shortest >= 2.0, "zh instruction {shortest:.2} mm");
    let en = find(SCRATCH_EN);
    for c in en.content.chars().filter(char::is_ascii_uppercase) {
        let h = ink_mm(en, c, scene.frame.scale);
        assert!(h >= 2.0, "capital {c} of the en instruction is {h:.2} mm");
    }
    // Not shrunk to fit: both sit in the PIN column at their design size.
    for t in [zh, en] {
        assert!(t.left() >= RIGHT_COL && t.left() + t.width <= DESIGN_W - 3.0);
    }
}

#[test]
fn the_address_for_typing_the_serial_comes_from_the_qr_host() {
    let t = TagTemplate::new(&product(), &TagLayout::default()).unwrap();
    for (host, shown) in [
        ("RONGMA.EXAMPLE.CN", "rongma.example.cn/c"),
        ("SCAN.BRAND-X.EXAMPLE:8443", "scan.brand-x.example:8443/c"),
    ] {
        let c = codes(host);
        let scene = t.scene(&c).unwrap();
        let all = texts(&scene);
        let address = all.iter().find(|t| t.content == shown).expect(shown);
        let serial = all
            .iter()
            .find(|t| t.content == c.serial.grouped())
            .unwrap();
        // One above the other, both legible and inside the tag.
        assert!(address.y < serial.y && address.size >= 2.0 && serial.size >= 2.5);
        assert!(address.left() + address.width <= DESIGN_W - 3.0);
        assert!(all.iter().any(|t| t.content == "查验网址"));
    }
    // A URL without a host (not what exports make) simply has no address line.
    let mut c = codes("RONGMA.EXAMPLE.CN");
    c.url = "C/1".into();
    assert_eq!(c.manual_address(), None);
}

#[test]
fn no_two_texts_or_the_qr_overlap() {
    let t = TagTemplate::new(&product(), &TagLayout::default()).unwrap();
    let c = codes("RONGMA.EXAMPLE.CN");
    let scene = t.scene(&c).unwrap();
    // Ink boxes: CJK ink reaches 0.81 em above the baseline and 0.1 em below.
    let mut boxes: Vec<(String, [f32; 4])> = texts(&scene)
        .iter()
        .map(|t| {
            let b = [
                t.left(),
                t.y - 0.81 * t.size,
                t.left() + t.width,
                t.y + 0.1 * t.size,
            ];
            (t.content.clone(), b)
        })
        .collect();
    let qr = scene
        .codes
        .iter()
        .find_map(|i| match i {
            Item::Qr {
                x,
                y,
                module,
                matrix,
            } => {
                let side = matrix.width() as f32 * module;
                Some([*x, *y, x + side, y + side])
            }
            _ => None,
        })
        .unwrap();
    boxes.push(("QR".into(), qr));
    for (i, (a, ab)) in boxes.iter().enumerate() {
        assert!(ab[0] >= 2.9 && ab[2] <= DESIGN_W - 2.9, "{a} {ab:?}");
        assert!(ab[3] <= DESIGN_H - 2.5, "{a} {ab:?}");
        for (b, bb) in &boxes[i + 1..] {
            let apart = ab[2] <= bb[0] || bb[2] <= ab[0] || ab[3] <= bb[1] || bb[3] <= ab[1];
            assert!(apart, "{a} {ab:?} overlaps {b} {bb:?}");
        }
    }
}
