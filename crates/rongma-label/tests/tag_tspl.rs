//! TSPL (TSC printers): the media setup once, one `CLS … PRINT 1,1` per tag with a QR
//! carrying the same URL as the other formats, the fixed part as one downloaded one-bit
//! BMP.

mod common;

use rongma_label::{render_tspl, TagLayout, TagTemplate, TsplOptions, TsplWriter};

/// The commands of a TSPL job (CR LF separated), with each `DOWNLOAD`'s binary file taken
/// out: (command lines, downloaded files by name).
fn parse(job: &[u8]) -> (Vec<String>, Vec<(String, Vec<u8>)>) {
    let mut lines = Vec::new();
    let mut files = Vec::new();
    let mut rest = job;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(b"DOWNLOAD \"") {
            let name_end = after.iter().position(|&b| b == b'"').unwrap();
            let name = String::from_utf8(after[..name_end].to_vec()).unwrap();
            let after = &after[name_end + 2..];
            let comma = after.iter().position(|&b| b == b',').unwrap();
            let len: usize = std::str::from_utf8(&after[..comma])
                .unwrap()
                .parse()
                .unwrap();
            let data = &after[comma + 1..];
            files.push((name.clone(), data[..len].to_vec()));
            lines.push(format!("DOWNLOAD \"{name}\",{len},..."));
            rest = data[len..]
                .strip_prefix(b"\r\n")
                .expect("CR LF after the data");
            continue;
        }
        let end = rest.windows(2).position(|w| w == b"\r\n").expect("CR LF");
        lines.push(String::from_utf8(rest[..end].to_vec()).unwrap());
        rest = &rest[end + 2..];
    }
    (lines, files)
}

/// Width, height and black dots of a one-bit BMP (palette: black, white).
fn bmp_info(file: &[u8]) -> (u32, u32, usize) {
    let u32_at = |i: usize| u32::from_le_bytes(file[i..i + 4].try_into().unwrap());
    assert_eq!(&file[..2], b"BM");
    assert_eq!(u32_at(2) as usize, file.len());
    let (w, h) = (u32_at(18), u32_at(22));
    assert_eq!(u16::from_le_bytes([file[28], file[29]]), 1, "one bit a dot");
    assert_eq!(&file[54..62], &[0, 0, 0, 0, 255, 255, 255, 0]);
    let stride = (w as usize).div_ceil(8).div_ceil(4) * 4;
    let data = &file[u32_at(10) as usize..];
    assert_eq!(data.len(), stride * h as usize);
    let mut black = 0;
    for row in data.chunks(stride) {
        for x in 0..w as usize {
            if row[x / 8] & (0x80 >> (x % 8)) == 0 {
                black += 1;
            }
        }
    }
    (w, h, black)
}

#[test]
fn a_job_sets_up_once_and_prints_one_label_per_tag() {
    let layout = TagLayout::default();
    let template = TagTemplate::new(&common::product(), &layout).unwrap();
    let codes = common::codes(10, 3);
    let mut w = TsplWriter::new(Vec::new(), TsplOptions::default());
    for c in &codes {
        w.push(&template, c).unwrap();
    }
    let (lines, files) = parse(&w.finish().unwrap());
    assert_eq!(
        &lines[..4],
        [
            "SIZE 50 mm,90 mm",
            "GAP 2 mm,0 mm",
            "DIRECTION 1,0",
            "REFERENCE 0,0"
        ]
    );
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!((count("SIZE "), count("GAP ")), (1, 1));
    assert_eq!(
        (count("CLS"), count("PRINT 1,1"), count("PRINT")),
        (3, 3, 3)
    );
    // One bitmap of the fixed part (400 × 719 dots at 203 dpi), placed on every label.
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "RMTAG1.BMP");
    let (bw, bh, black) = bmp_info(&files[0].1);
    assert_eq!((bw, bh), (400, 719));
    assert!((10_000..150_000).contains(&black), "{black} black dots");
    assert_eq!(count("PUTBMP 0,0,\"RMTAG1.BMP\""), 3);
    // Each label: CLS, the bitmap, one QR with this tag's URL (the URL the PDF, PNG and
    // ZPL carry), the serial, PIN and address as text, PRINT.
    let labels: Vec<&[String]> = lines.split(|l| l == "CLS").skip(1).collect();
    assert_eq!(labels.len(), 3);
    for (label, c) in labels.iter().zip(&codes) {
        let qrs: Vec<&String> = label.iter().filter(|l| l.starts_with("QRCODE ")).collect();
        assert_eq!(qrs.len(), 1, "{label:?}");
        assert!(
            qrs[0].ends_with(&format!(",M,4,A,0,M2,S7,\"{}\"", c.url)),
            "{}",
            qrs[0]
        );
        for text in [
            c.serial.grouped(),
            c.pin.unwrap().grouped(),
            "rongma.example.cn/c".into(),
        ] {
            let suffix = format!(",\"{text}\"");
            assert!(
                label
                    .iter()
                    .any(|l| l.starts_with("TEXT ") && l.ends_with(&suffix)),
                "{text} in {label:?}"
            );
        }
        assert_eq!(label.last().unwrap(), "PRINT 1,1");
    }
    // No Chinese is sent as text: it is all in the bitmap.
    assert!(lines.iter().all(|l| l.is_ascii()));
}

#[test]
fn resolution_gap_and_pinless_tags() {
    let mut code = common::one_code();
    code.pin = None;
    let options = TsplOptions {
        dpi: 300.0,
        gap_mm: 3.0,
    };
    let (lines, files) =
        parse(&render_tspl(&common::product(), &code, &TagLayout::default(), &options).unwrap());
    assert!(lines.contains(&"GAP 3 mm,0 mm".to_owned()));
    // 50 × 90 mm at 300 dpi; the "PIN elsewhere" note is in the bitmap, no PIN is sent.
    assert_eq!(bmp_info(&files[0].1).0, 591);
    assert_eq!(lines.iter().filter(|l| l.starts_with("TEXT ")).count(), 2);
    let qr = lines.iter().find(|l| l.starts_with("QRCODE ")).unwrap();
    assert!(
        qr.contains(",5,A,0,"),
        "a module of 0.46 mm is 5 dots at 300 dpi: {qr}"
    );
}
