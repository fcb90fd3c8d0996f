//! SVG output: a snapshot of the whole tag, text as glyph outlines (no font needed to
//! open the file), escaping and determinism.

mod common;

use rongma_label::{render_svg, TagLayout};

/// The SVG with each text's glyph outlines shortened to their length: the snapshot shows
/// every element, position and size, not 90 KB of path data (the outlines are checked by
/// drawing them, in tag_png).
fn redacted(svg: &str) -> String {
    svg.lines()
        .map(
            |l| match (l.starts_with("<path aria-label="), l.find(" d=\"")) {
                (true, Some(i)) => format!("{} d=\"({} bytes)\"/>", &l[..i], l.len() - i - 7),
                _ => l.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn sample_tag_snapshot() {
    let svg = render_svg(
        &common::product(),
        &common::one_code(),
        &TagLayout::default(),
    )
    .unwrap();
    insta::assert_snapshot!("sample_tag", redacted(&svg));
}

#[test]
fn text_is_outlined_labelled_and_escaped() {
    let mut product = common::product();
    product.brand = "A&B <雪>".into();
    let code = common::one_code();
    let svg = render_svg(&product, &code, &TagLayout::default()).unwrap();
    // Nothing for the viewer to look up: no text elements, no font names or sizes.
    assert!(!svg.contains("<text"), "{svg}");
    assert!(!svg.contains("font"), "{svg}");
    assert!(svg.contains(r#"<path aria-label="A&amp;B &lt;雪&gt;""#));
    let grouped = code.serial.grouped();
    for words in [
        "扫码查验",
        "刮开涂层 输入防伪码",
        "rongma.example.cn/c",
        &grouped,
    ] {
        let line = svg
            .lines()
            .find(|l| l.starts_with(&format!(r#"<path aria-label="{words}""#)))
            .unwrap_or_else(|| panic!("{words} missing"));
        // Glyph outlines: closed contours in relative commands, placed by a transform.
        let d = &line[line.find(" d=\"M0 0").expect("a path") + 4..];
        assert!(d.matches('z').count() >= words.chars().filter(|c| *c != ' ').count());
        assert!(line.contains(" transform=\"translate("), "{line}");
    }
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
