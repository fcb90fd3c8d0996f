//! ZPL: a QR command carrying the URL, UTF-8 Chinese text and one label per tag.

mod common;

use rongma_label::{render_zpl, TagLayout, TagTemplate, ZplOptions, ZplWriter};

#[test]
fn a_label_carries_the_qr_url_and_chinese_text() {
    let code = common::one_code();
    let zpl = render_zpl(
        &common::product(),
        &code,
        &TagLayout::default(),
        &ZplOptions::default(),
    )
    .unwrap();
    assert!(
        zpl.starts_with("^XA\n^CI28\n^CWJ,E:SIMSUN.TTF\n^PW400\n^LL719\n"),
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
        &ZplOptions::default(),
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
        ..ZplOptions::default()
    };
    let mut w = ZplWriter::new(Vec::new(), options);
    for c in common::codes(100, 5) {
        w.push(&template, &c).unwrap();
    }
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    assert_eq!(text.matches("^XA").count(), 5);
    assert!(text.contains("^PW591\n"), "50 mm at 300 dpi");
}
