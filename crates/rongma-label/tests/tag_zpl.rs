//! ZPL: a QR command carrying the URL, Chinese text either as a stored graphic or as
//! UTF-8 fields, one label per tag, and no command injection through field data.

mod common;

use rongma_label::{render_zpl, TagLayout, TagTemplate, ZplOptions, ZplText, ZplWriter};

fn printer_font() -> ZplOptions {
    ZplOptions {
        text: ZplText::PrinterFont {
            font: "E:SIMSUN.TTF".into(),
        },
        ..ZplOptions::default()
    }
}

#[test]
fn graphic_mode_sends_the_fixed_part_once_and_codes_per_label() {
    let layout = TagLayout::default();
    let template = TagTemplate::new(&common::product(), &layout).unwrap();
    let codes = common::codes(10, 3);
    let mut w = ZplWriter::new(Vec::new(), ZplOptions::default());
    for c in &codes {
        w.push(&template, c).unwrap();
    }
    let zpl = String::from_utf8(w.finish().unwrap()).unwrap();
    // One stored graphic of 400 × 719 dots (50 bytes a row), recalled by every label.
    assert_eq!(zpl.matches("~DGR:RMTAG1.GRF,35950,50,").count(), 1);
    assert_eq!(zpl.matches("^FO0,0^XGR:RMTAG1.GRF,1,1^FS").count(), 3);
    let hex = zpl
        .split("~DGR:RMTAG1.GRF,35950,50,")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    assert_eq!(hex.len(), 2 * 35_950);
    // Some dots are black (text, badge) and most are white.
    let black_bits: u32 = hex
        .as_bytes()
        .chunks(2)
        .map(|b| {
            u8::from_str_radix(std::str::from_utf8(b).unwrap(), 16)
                .unwrap()
                .count_ones()
        })
        .sum();
    assert!(
        (10_000..150_000).contains(&black_bits),
        "{black_bits} black dots"
    );
    for c in &codes {
        assert!(zpl.contains(&format!("^BQN,2,4^FDMM,A{}^FS", c.url)));
        assert!(zpl.contains(&format!("^FD{}^FS", c.serial.grouped())));
        assert!(zpl.contains(&format!("^FD{}^FS", c.pin.unwrap().grouped())));
    }
    // The address for typing the serial by hand, from the QR URL's host, on every label.
    assert_eq!(zpl.matches("^FDrongma.example.cn/c^FS").count(), 3);
    // No Chinese is sent as text: it is all in the graphic.
    assert!(!zpl.chars().any(|c| c > '\u{2000}'));
    // A tag without a PIN gets its own graphic (with the "PIN elsewhere" note).
    let mut no_pin = codes[0].clone();
    no_pin.pin = None;
    let single = render_zpl(&common::product(), &no_pin, &layout, &ZplOptions::default()).unwrap();
    assert!(single.starts_with("~DGR:RMTAG1.GRF,"));
}

#[test]
fn printer_font_mode_carries_chinese_text_as_utf8_fields() {
    let code = common::one_code();
    let zpl = render_zpl(
        &common::product(),
        &code,
        &TagLayout::default(),
        &printer_font(),
    )
    .unwrap();
    assert!(
        zpl.starts_with("^XA\n^CI28\n^PW400\n^LL719\n^LH0,0\n^CWJ,E:SIMSUN.TTF\n"),
        "{zpl}"
    );
    assert!(
        zpl.contains(&format!("^BQN,2,4^FDMM,A{}^FS", code.url)),
        "{zpl}"
    );
    assert!(zpl.contains("^FH^FD扫码查验^FS"));
    assert!(zpl.contains(&format!("^FH^FD{}^FS", code.serial.grouped())));
    // The badge is black with reversed text.
    assert!(zpl.contains("^FR^FH^FDAAAA 级^FS"));
    assert!(zpl.trim_end().ends_with("^XZ"));
}

#[test]
fn field_data_cannot_inject_commands() {
    let mut product = common::product();
    product.brand = "X^XZ~JA_".into();
    let zpl = render_zpl(
        &product,
        &common::one_code(),
        &TagLayout::default(),
        &printer_font(),
    )
    .unwrap();
    assert!(zpl.contains("^FDX_5EXZ_7EJA_5F^FS"));
    assert_eq!(zpl.matches("^XZ").count(), 1);
}

#[test]
fn a_writer_streams_one_label_per_tag_at_any_resolution() {
    let layout = TagLayout::default();
    let template = TagTemplate::new(&common::product(), &layout).unwrap();
    let options = ZplOptions {
        dpi: 300.0,
        ..printer_font()
    };
    let mut w = ZplWriter::new(Vec::new(), options);
    for c in common::codes(100, 5) {
        w.push(&template, &c).unwrap();
    }
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    assert_eq!(text.matches("^XA").count(), 5);
    assert!(text.contains("^PW591\n"), "50 mm at 300 dpi");
}
