//! PDF sheets: the expected number of pages, two embedded subset fonts, and Chinese text
//! that maps back to the right characters through the embedded ToUnicode maps.

mod common;

use lopdf::{Document, Object};
use rongma_label::{render_pdf, LabelError, PdfSheetWriter, SheetLayout, TagLayout, TagTemplate};
use std::collections::HashMap;

fn pdf(count: u64, sheet: &SheetLayout) -> Vec<u8> {
    let layout = TagLayout::default();
    let template = TagTemplate::new(&common::product(), &layout).unwrap();
    render_pdf(&template, &layout, sheet, &common::codes(1, count)).unwrap()
}

/// CID → text from a ToUnicode CMap (bfchar entries, as written by rongma).
fn to_unicode(cmap: &str) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    for line in cmap.lines() {
        let parts: Vec<&str> = line
            .split(['<', '>', ' '])
            .filter(|s| !s.is_empty())
            .collect();
        if let [cid, uni] = parts.as_slice() {
            if let (Ok(cid), Ok(u)) = (u16::from_str_radix(cid, 16), u32::from_str_radix(uni, 16)) {
                if let Some(c) = char::from_u32(u) {
                    map.insert(cid, c.to_string());
                }
            }
        }
    }
    map
}

#[test]
fn pages_and_embedded_fonts() {
    // 30 tags at the default 12 a page: 3 pages.
    let doc = Document::load_mem(&pdf(30, &SheetLayout::default())).unwrap();
    assert_eq!(doc.get_pages().len(), 3);
    let mut font_files = 0;
    let mut base_fonts = Vec::new();
    for obj in doc.objects.values() {
        if let Object::Dictionary(d) = obj {
            if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor") {
                let file = d.get(b"FontFile2").and_then(Object::as_reference).unwrap();
                let stream = doc.get_object(file).unwrap().as_stream().unwrap();
                let program = stream.decompressed_content().unwrap();
                // A real TrueType font, and a subset: far smaller than the 5 MB original.
                assert_eq!(&program[..4], &[0, 1, 0, 0]);
                assert!(program.len() < 400_000, "{} bytes", program.len());
                font_files += 1;
                let name = d.get(b"FontName").and_then(Object::as_name).unwrap();
                base_fonts.push(String::from_utf8_lossy(name).into_owned());
            }
        }
    }
    assert_eq!(font_files, 2);
    assert!(
        base_fonts
            .iter()
            .all(|n| n.len() > 7 && n.as_bytes()[6] == b'+'),
        "{base_fonts:?}"
    );
    // A fixed 2 × 2 grid makes 8 pages of 30 tags.
    let sheet = SheetLayout {
        columns: Some(2),
        rows: Some(2),
        ..SheetLayout::default()
    };
    assert_eq!(
        Document::load_mem(&pdf(30, &sheet))
            .unwrap()
            .get_pages()
            .len(),
        8
    );
}

#[test]
fn chinese_text_and_serials_are_in_the_page_text() {
    let codes = common::codes(1, 2);
    let doc = Document::load_mem(&pdf(2, &SheetLayout::default())).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let fonts = doc.get_page_fonts(page).unwrap();
    let mut maps = HashMap::new();
    for (name, font) in fonts {
        let cmap_ref = font
            .get(b"ToUnicode")
            .and_then(Object::as_reference)
            .unwrap();
        let stream = doc.get_object(cmap_ref).unwrap().as_stream().unwrap();
        let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
        maps.insert(name, to_unicode(&text));
    }
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut font = Vec::new();
    let mut text = String::new();
    for op in content.operations {
        match op.operator.as_str() {
            "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
            "Tj" => {
                let bytes = op.operands[0].as_str().unwrap();
                for pair in bytes.chunks(2) {
                    let cid = u16::from_be_bytes([pair[0], pair[1]]);
                    text.push_str(maps[&font].get(&cid).map_or("?", String::as_str));
                }
                text.push('\n');
            }
            _ => {}
        }
    }
    for expected in [
        "扫码查验",
        "防伪码 PIN",
        "雪域绒品",
        "AAAA 级",
        "蓬松度",
        "白鹅绒",
        "158 g（L 码）",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    for code in &codes {
        assert!(text.contains(&code.serial.grouped()), "{}", code.serial);
        assert!(text.contains(&code.pin.unwrap().grouped()));
    }
}

#[test]
fn streaming_writer_counts_pages_and_refuses_a_foreign_size() {
    let layout = TagLayout::default();
    let template = TagTemplate::new(&common::product(), &layout).unwrap();
    let mut w = PdfSheetWriter::new(Vec::new(), &layout, &SheetLayout::default()).unwrap();
    assert_eq!(w.per_page(), 12);
    for c in common::codes(1, 13) {
        w.push(&template, &c).unwrap();
    }
    assert_eq!(
        w.pages(),
        1,
        "the second page is written when it fills or at finish"
    );
    let big = TagLayout {
        width_mm: 60.0,
        ..layout
    };
    let other = TagTemplate::new(&common::product(), &big).unwrap();
    assert!(matches!(
        w.push(&other, &common::one_code()),
        Err(LabelError::TagSize { .. })
    ));
    let bytes = w.finish().unwrap();
    assert_eq!(Document::load_mem(&bytes).unwrap().get_pages().len(), 2);
    // A tag larger than the page is refused up front.
    let huge = TagLayout {
        width_mm: 250.0,
        ..layout
    };
    assert!(PdfSheetWriter::new(Vec::new(), &huge, &SheetLayout::default()).is_err());
}

#[test]
fn an_empty_run_and_characters_the_font_lacks_still_make_valid_files() {
    let layout = TagLayout::default();
    let mut product = common::product();
    product.brand = "雪域😀".into();
    let template = TagTemplate::new(&product, &layout).unwrap();
    let empty = render_pdf(&template, &layout, &SheetLayout::default(), &[]).unwrap();
    assert_eq!(Document::load_mem(&empty).unwrap().get_pages().len(), 0);
    let one = render_pdf(
        &template,
        &layout,
        &SheetLayout::default(),
        &[common::one_code()],
    )
    .unwrap();
    assert_eq!(Document::load_mem(&one).unwrap().get_pages().len(), 1);
}

#[test]
fn long_runs_get_a_balanced_page_tree() {
    // One tag a page: 300 pages, in two intermediate nodes under the root.
    let sheet = SheetLayout {
        columns: Some(1),
        rows: Some(1),
        ..SheetLayout::default()
    };
    let doc = Document::load_mem(&pdf(300, &sheet)).unwrap();
    assert_eq!(doc.get_pages().len(), 300);
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .and_then(Object::as_reference)
        .unwrap();
    let root = doc.get_dictionary(root).unwrap();
    assert_eq!(root.get(b"Count").and_then(Object::as_i64).unwrap(), 300);
    assert_eq!(
        root.get(b"Kids").and_then(Object::as_array).unwrap().len(),
        2
    );
}
