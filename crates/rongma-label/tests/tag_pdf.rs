//! PDF sheets: cut-ready geometry (gaps, margins, crop marks outside every tag), the
//! expected number of pages, two embedded subset fonts, and Chinese text that maps back to
//! the right characters through the embedded ToUnicode maps.

mod common;

use lopdf::{Document, Object};
use rongma_label::{
    render_pdf, LabelError, PdfSheetWriter, RectMm, Segment, SheetGeometry, SheetLayout, TagLayout,
    TagTemplate,
};
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

/// The mark's box including its line width.
fn mark_box(m: &Segment, width: f32) -> RectMm {
    let (x, y) = (m.x1.min(m.x2) - width / 2.0, m.y1.min(m.y2) - width / 2.0);
    RectMm {
        x,
        y,
        w: (m.x2 - m.x1).abs() + width,
        h: (m.y2 - m.y1).abs() + width,
    }
}

fn overlap(a: &RectMm, b: &RectMm) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

fn inside(inner: &RectMm, outer: &RectMm) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.right() <= outer.right() + 1e-3
        && inner.bottom() <= outer.bottom() + 1e-3
}

/// Tags apart by at least the gap, all in the printable area, and eight marks a tag, each
/// outside every tag and inside the printable area, touching its corner's edge lines.
fn assert_cut_ready(g: &SheetGeometry, min_gap: f32) {
    assert_eq!(g.tags.len(), (g.columns * g.rows) as usize);
    assert!(g.printable.x >= 5.0 && g.printable.y >= 5.0);
    assert!(g.printable.right() <= g.page_width_mm - 5.0);
    assert!(g.printable.bottom() <= g.page_height_mm - 5.0);
    for (i, a) in g.tags.iter().enumerate() {
        assert!(inside(a, &g.printable), "tag {i} {a:?}");
        for b in &g.tags[i + 1..] {
            let dx = (b.x - a.right()).max(a.x - b.right());
            let dy = (b.y - a.bottom()).max(a.y - b.bottom());
            assert!(
                dx.max(dy) >= min_gap - 1e-3,
                "{a:?} and {b:?} are {dx}/{dy} apart"
            );
        }
    }
    for (i, (tag, marks)) in g.tags.iter().zip(&g.marks).enumerate() {
        assert_eq!(marks.len(), 8, "tag {i}: {marks:?}");
        for m in marks {
            let b = mark_box(m, rongma_label::sheet::MARK_WIDTH);
            assert!(m.x1 == m.x2 || m.y1 == m.y2, "straight");
            assert!(b.w.max(b.h) >= 1.5, "long enough to cut along: {m:?}");
            assert!(inside(&b, &g.printable), "{m:?} outside the printable area");
            for t in &g.tags {
                assert!(!overlap(&b, t), "{m:?} is over the tag {t:?}");
            }
            // On one of the tag's edge lines, near one of its corners.
            let on_edge =
                [tag.x, tag.right()].contains(&m.x1) || [tag.y, tag.bottom()].contains(&m.y1);
            assert!(on_edge, "{m:?} does not continue an edge of {tag:?}");
        }
        // Two marks per corner: each corner is an end of the line of two marks.
        for (cx, cy) in [
            (tag.x, tag.y),
            (tag.right(), tag.y),
            (tag.x, tag.bottom()),
            (tag.right(), tag.bottom()),
        ] {
            let near = |m: &&Segment| {
                let d = |x: f32, y: f32| (x - cx).abs() + (y - cy).abs();
                (m.x1 == cx || m.y1 == cy) && d(m.x1, m.y1).min(d(m.x2, m.y2)) <= 0.51
            };
            assert_eq!(marks.iter().filter(near).count(), 2, "corner {cx},{cy}");
        }
    }
}

#[test]
fn a4_sheets_are_cut_ready() {
    let tag = TagLayout::default();
    let g = SheetLayout::default().geometry(&tag).unwrap();
    assert_eq!((g.columns, g.rows), (3, 3));
    assert_cut_ready(&g, 3.0);
    // Other tag sizes and papers keep the same promises.
    for (w, h, page) in [(40.0, 60.0, (210.0, 297.0)), (60.0, 100.0, (216.0, 279.0))] {
        let tag = TagLayout {
            width_mm: w,
            height_mm: h,
            ..tag
        };
        let sheet = SheetLayout {
            page_width_mm: page.0,
            page_height_mm: page.1,
            ..SheetLayout::default()
        };
        assert_cut_ready(&sheet.geometry(&tag).unwrap(), 3.0);
    }
    // The writer uses that geometry, and draws the marks of each placed tag: 8 lines each.
    let template = TagTemplate::new(&common::product(), &tag).unwrap();
    let mut w = PdfSheetWriter::new(Vec::new(), &tag, &SheetLayout::default()).unwrap();
    assert_eq!(w.geometry(), &g);
    for c in common::codes(1, 11) {
        w.push(&template, &c).unwrap();
    }
    let doc = Document::load_mem(&w.finish().unwrap()).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2);
    let black_lines = |n: u32| {
        let content = doc.get_and_decode_page_content(pages[&n]).unwrap();
        let mut black = false;
        let mut lines = 0;
        for op in content.operations {
            match op.operator.as_str() {
                "G" => black = op.operands[0].as_float().unwrap() == 0.0,
                "RG" => black = false,
                "l" if black => lines += 1,
                _ => {}
            }
        }
        lines
    };
    assert_eq!((black_lines(1), black_lines(2)), (9 * 8, 2 * 8));
}

#[test]
fn pages_and_embedded_fonts() {
    // 30 tags at the default 9 a page: 4 pages.
    let doc = Document::load_mem(&pdf(30, &SheetLayout::default())).unwrap();
    assert_eq!(doc.get_pages().len(), 4);
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
    assert_eq!(w.per_page(), 9);
    for c in common::codes(1, 10) {
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
