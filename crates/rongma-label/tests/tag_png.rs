//! A rendered PNG tag is read back by a real QR decoder (rqrr) and yields the exact URL,
//! and its text, drawn from glyph outlines with no font loaded, is on the picture.

mod common;

use rongma_domain::codes::{parse_code_path, UrlTemplate};
use rongma_label::{qr_info, render_png, EcLevel, TagCodes, TagLayout};

/// Width, height and grey level of every pixel of a PNG.
fn grey(png_bytes: &[u8]) -> (usize, usize, Vec<u8>) {
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
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            out.push(luma(x, y));
        }
    }
    (w, h, out)
}

/// Decodes every QR symbol in a PNG.
fn decode(png_bytes: &[u8]) -> Vec<String> {
    let (w, h, px) = grey(png_bytes);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| px[y * w + x]);
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

#[test]
fn text_is_drawn_without_any_font_installed() {
    // Dark pixels in a band of the tag (millimetres), at 300 dpi.
    let dark_in = |png: &[u8], x: (f32, f32), y: (f32, f32)| -> usize {
        let (w, _, px) = grey(png);
        let d = |mm: f32| (mm * 300.0 / 25.4) as usize;
        (d(y.0)..d(y.1))
            .flat_map(|row| (d(x.0)..d(x.1)).map(move |col| (row, col)))
            .filter(|&(row, col)| px[row * w + col] < 128)
            .count()
    };
    let code = common::one_code();
    let layout = TagLayout::default();
    let mut product = common::product();
    let with_brand = render_png(&product, &code, &layout, 300.0).unwrap();
    product.brand.clear();
    let without = render_png(&product, &code, &layout, 300.0).unwrap();
    // The brand line (baseline 10.6 mm, 4 mm tall, centred) is ink with a brand, blank
    // without; so is the scratch-off instruction beside the QR.
    let brand = ((15.0, 35.0), (7.0, 11.0));
    assert!(dark_in(&with_brand, brand.0, brand.1) > 1_500);
    assert_eq!(dark_in(&without, brand.0, brand.1), 0);
    assert!(dark_in(&with_brand, (19.5, 42.0), (72.6, 74.9)) > 1_000);
}
