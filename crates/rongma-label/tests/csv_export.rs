//! CSV for print shops: header, one row per code, PINs only when asked for.

mod common;

use rongma_domain::codes::{Pin, SeqRange, UrlTemplate};
use rongma_label::{write_batch_csv, CsvWriter};

#[test]
fn a_batch_streams_rows_that_verify() {
    let keys = common::keys();
    let urls = UrlTemplate::short(&common::host());
    let range = SeqRange::new(500, 1_000).unwrap();
    let (bytes, rows) =
        write_batch_csv(Vec::new(), &keys, keys.current(), range, &urls, true).unwrap();
    assert_eq!(rows, 1_000);
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("serial,url,pin"));
    for (i, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        let [serial, url, pin] = cols.as_slice() else {
            panic!("{line}")
        };
        let v = keys.serial_keys().verify(serial).unwrap();
        assert_eq!(v.seq.get(), 500 + i as u64);
        assert_eq!(*url, format!("HTTPS://RONGMA.EXAMPLE.CN/C/{serial}"));
        assert_eq!(pin.len(), 8);
        assert!(keys
            .pin_keys()
            .verify_pin(&v, &Pin::parse(pin).unwrap())
            .unwrap());
    }
}

#[test]
fn pins_can_be_left_out_and_odd_fields_are_quoted() {
    let keys = common::keys();
    let urls = UrlTemplate::short(&common::host());
    let range = SeqRange::new(1, 3).unwrap();
    let (bytes, _) =
        write_batch_csv(Vec::new(), &keys, keys.current(), range, &urls, false).unwrap();
    assert!(String::from_utf8(bytes)
        .unwrap()
        .lines()
        .skip(1)
        .all(|l| l.ends_with(',')));
    let code = common::one_code();
    let mut w = CsvWriter::new(Vec::new()).unwrap();
    w.write_row(&code.serial, "A,\"B\"", None).unwrap();
    let out = String::from_utf8(w.finish().unwrap()).unwrap();
    assert!(out.ends_with(",\"A,\"\"B\"\"\",\n"), "{out}");
}

#[test]
fn the_size_column_is_quoted_and_never_a_formula() {
    let keys = common::keys();
    let urls = UrlTemplate::short(&common::host());
    let range = SeqRange::new(10, 3).unwrap();
    let mut csv = CsvWriter::with_size_column(Vec::new()).unwrap();
    let sizes = ["175/92A", "=HYPERLINK(\"x\")", "L,XL"];
    for (code, size) in keys.codes(keys.current(), range).unwrap().zip(sizes) {
        let url = urls.url(&code.serial);
        csv.write_row_sized(&code.serial, &url, None, size).unwrap();
    }
    let text = String::from_utf8(csv.finish().unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "serial,url,pin,size");
    assert!(lines[1].ends_with(",,175/92A"), "{text}");
    assert!(lines[2].ends_with(",,\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    assert!(lines[3].ends_with(",,\"L,XL\""), "{text}");
}
