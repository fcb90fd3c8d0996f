//! SVG output: a snapshot of the whole tag, real text, escaping and determinism.

mod common;

use rongma_label::{render_svg, TagLayout};

#[test]
fn sample_tag_snapshot() {
    let svg = render_svg(
        &common::product(),
        &common::one_code(),
        &TagLayout::default(),
    )
    .unwrap();
    insta::assert_snapshot!("sample_tag", svg);
}

#[test]
fn text_is_real_text_in_the_shipped_font_and_escaped() {
    let mut product = common::product();
    product.brand = "A&B <雪>".into();
    let code = common::one_code();
    let svg = render_svg(&product, &code, &TagLayout::default()).unwrap();
    assert!(svg.contains(">A&amp;B &lt;雪&gt;</text>"));
    assert!(svg.contains("font-family=\"'WenQuanYi Micro Hei', sans-serif\""));
    assert!(svg.contains(">扫码查验</text>"));
    assert!(svg.contains(&format!(">{}</text>", code.serial.grouped())));
    assert_eq!(
        svg,
        render_svg(&product, &code, &TagLayout::default()).unwrap()
    );
}

#[test]
fn long_values_are_shrunk_or_cut_to_fit() {
    let mut product = common::product();
    product.style_name = "超长款名".repeat(20);
    let svg = render_svg(&product, &common::one_code(), &TagLayout::default()).unwrap();
    assert!(svg.contains('…'));
    assert!(!svg.contains(&product.style_name));
}

#[test]
fn a_pin_printed_elsewhere_says_so() {
    let mut code = common::one_code();
    let pin = code.pin.take().unwrap();
    let svg = render_svg(&common::product(), &code, &TagLayout::default()).unwrap();
    assert!(svg.contains("PIN 见衣内标签"));
    assert!(!svg.contains(&pin.grouped()));
}
