//! A rendered PNG tag is read back by a real QR decoder (rqrr) and yields the exact URL.

mod common;

use rongma_domain::codes::{parse_code_path, UrlTemplate};
use rongma_label::{qr_info, render_png, EcLevel, TagCodes, TagLayout};

/// Decodes every QR symbol in a PNG.
fn decode(png_bytes: &[u8]) -> Vec<String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let luma = |x: usize, y: usize| -> u8 {
        let p = &buf[(y * w + x) * channels..];
        match channels {
            1 | 2 => p[0],
            _ => ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8,
        }
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, luma);
    img.detect_grids()
        .into_iter()
        .map(|g| g.decode().expect("the QR decodes").1)
        .collect()
}

#[test]
fn the_qr_on_a_png_tag_decodes_to_its_url() {
    let code = common::one_code();
    let png = render_png(&common::product(), &code, &TagLayout::default(), 300.0).unwrap();
    let scanned = decode(&png);
    assert_eq!(scanned, vec![code.url.clone()]);
    assert_eq!(qr_info(&code.url).unwrap(), (3, EcLevel::M));
    // What a scan page does with it: read the path, authenticate, check the PIN.
    let keys = common::keys();
    let path = parse_code_path(&scanned[0]).unwrap();
    let verified = keys.serial_keys().verify_serial(&path.serial).unwrap();
    assert_eq!(verified.serial, code.serial);
    assert!(keys
        .pin_keys()
        .verify_pin(&verified, &code.pin.unwrap())
        .unwrap());
}

#[test]
fn digital_link_urls_decode_too_and_stay_small() {
    let mut code = common::one_code();
    code.url = UrlTemplate::digital_link(&common::host(), "6901234567892")
        .unwrap()
        .url(&code.serial);
    let (version, level) = qr_info(&code.url).unwrap();
    assert!(version <= 4 && level == EcLevel::M, "version {version}");
    let png = render_png(&common::product(), &code, &TagLayout::default(), 300.0).unwrap();
    assert_eq!(decode(&png), vec![code.url]);
}

#[test]
fn other_tag_sizes_and_levels_still_decode() {
    let code: TagCodes = common::codes(987_654_321, 1).remove(0);
    let layout = TagLayout {
        width_mm: 60.0,
        height_mm: 100.0,
        qr_ec: EcLevel::Q,
        ..TagLayout::default()
    };
    let png = render_png(&common::product(), &code, &layout, 200.0).unwrap();
    assert_eq!(decode(&png), vec![code.url]);
}
