//! Exports through the API: PINs only for the owning enterprise and every export in the
//! history; a CSV is exactly the serials of its range; a PNG tag decodes to its URL, a
//! PDF has a page per nine tags with its fonts embedded, and a TSPL file has a label per
//! tag with its URL in the QR.

use crate::support::codes::World;
use rongma_testkit::{TestDb, Who};
use serde_json::json;

rongma_store::backend_test!(
    pins_only_for_the_owner_and_recorded,
    |db: TestDb| async move {
        let w = World::new(db).await;
        let a = w.batch_a(20).await;
        let id = a["id"].as_i64().unwrap();
        let (from, to) = (w.serial(&a, 3), w.serial(&a, 7));
        let q = format!("format=csv&pins=true&from={from}&to={to}");
        for (who, status) in [
            (Who::Regulator, 403),
            (Who::Inspector, 403),
            (Who::LabUser, 403),
            (Who::PlatformKey, 403),
            (Who::EnterpriseB, 404),
            (Who::Anonymous, 401),
        ] {
            let s = w.export(who, id, &q).await.status;
            assert_eq!(s, status, "{who:?}");
        }
        let r = w.export(Who::EnterpriseA, id, &q).await;
        assert_eq!(r.status, 200);
        let csv = String::from_utf8(r.bytes.clone()).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows[0], "serial,url,pin,size");
        assert_eq!(rows.len(), 1 + 5);
        let named =
            |r: &rongma_testkit::Response| r.header("content-disposition").unwrap_or("").to_owned();
        assert!(named(&r).contains("-with-pins.csv"), "{}", named(&r));
        // The regulator may export without PINs; the PIN column is then empty, and the
        // file is named so.
        let r = w.export(Who::Regulator, id, "format=csv").await;
        assert_eq!(r.status, 200);
        assert!(named(&r).contains("-no-pins.csv"), "{}", named(&r));
        let csv = String::from_utf8(r.bytes).unwrap();
        assert_eq!(csv.lines().count(), 21);
        assert!(csv.lines().skip(1).all(|l| l.ends_with(',')), "{csv}");

        let h = w.t.batch_history(w.token(Who::EnterpriseA), id).await.body;
        let exports: Vec<_> = h
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "exported")
            .collect();
        assert_eq!(exports.len(), 2, "refused exports are not recorded: {h}");
        let e = exports[0];
        assert_eq!(e["actor_name"], "t-ent-a");
        assert_eq!(
            e["data"],
            json!({"format": "csv", "pins": true, "first_serial": from, "last_serial": to, "count": 5})
        );
        assert_eq!(
            (
                exports[1]["actor_name"].as_str(),
                &exports[1]["data"]["pins"]
            ),
            (Some("t-regulator"), &json!(false))
        );
    }
);

rongma_store::backend_test!(csv_is_the_serials_of_its_range, |db: TestDb| async move {
    let w = World::new(db).await;
    w.batch_a(7).await;
    let a = w.batch_a(300).await;
    let id = a["id"].as_i64().unwrap();
    let q = format!(
        "format=csv&pins=true&from={}&to={}",
        w.serial(&a, 100),
        w.serial(&a, 299)
    );
    let r = w.export(Who::EnterpriseA, id, &q).await;
    assert_eq!(r.status, 200);
    let csv = String::from_utf8(r.bytes).unwrap();
    let keys = w.t.app.code_keys();
    let want = w.serials(&a, 100, 299);
    let got: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(got.len(), want.len());
    for (row, serial) in got.iter().zip(&want) {
        let cols: Vec<&str> = row.split(',').collect();
        assert_eq!(cols[0], serial);
        assert_eq!(cols[1], format!("HTTPS://RONGMA.EXAMPLE.CN/C/{serial}"));
        let v = keys.serial_keys().verify(serial).unwrap();
        assert_eq!(cols[2], keys.pin_keys().pin_of(&v).unwrap().to_string());
    }
    // A range that ends before it starts, and an unknown format, are refused.
    let q = format!("format=csv&from={}&to={}", w.serial(&a, 5), w.serial(&a, 4));
    let r = w.export(Who::EnterpriseA, id, &q).await;
    assert_eq!(
        (r.status, r.field_error()),
        (422, ("to".into(), "range_reversed".into()))
    );
    let r = w.export(Who::EnterpriseA, id, "format=docx").await;
    assert_eq!(
        (r.status, r.field_error()),
        (422, ("format".into(), "unknown_format".into()))
    );
    let r = w.export(Who::EnterpriseA, id, "format=svg").await;
    assert_eq!(
        (r.status, r.field_error()),
        (422, ("format".into(), "one_tag_only".into()))
    );
    // A revoked batch is not printed.
    w.revoke(
        Who::EnterpriseA,
        id,
        &json!({"scope": "batch", "reason": "recalled"}),
    )
    .await;
    let r = w.export(Who::EnterpriseA, id, "format=pdf&pins=true").await;
    assert_eq!(
        (r.status, r["error"]["code"].as_str()),
        (409, Some("invalid_state"))
    );
});

#[tokio::test]
async fn png_and_pdf_round_trip() {
    let w = World::new(TestDb::sqlite().await).await;
    let a = w.batch_a(13).await;
    let id = a["id"].as_i64().unwrap();
    let serial = w.serial(&a, 4);
    let q = format!("format=png&pins=true&from={serial}&to={serial}");
    let r = w.export(Who::EnterpriseA, id, &q).await;
    assert_eq!(r.status, 200);
    let mut decoder = png::Decoder::new(std::io::Cursor::new(r.bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (wd, ht) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    let luma = |x: usize, y: usize| buf[(y * wd + x) * channels];
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(wd, ht, luma);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, format!("HTTPS://RONGMA.EXAMPLE.CN/C/{serial}"));

    // 13 tags on A4 sheets of 9: two pages, both fonts embedded.
    let r = w.export(Who::EnterpriseA, id, "format=pdf&pins=true").await;
    assert_eq!(r.status, 200);
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 2);
    let embedded = doc
        .objects
        .values()
        .filter(|o| o.as_dict().is_ok_and(|d| d.has(b"FontFile2")))
        .count();
    assert_eq!(embedded, 2);
}

#[tokio::test]
async fn tspl_labels_for_tsc_printers() {
    let w = World::new(TestDb::sqlite().await).await;
    let a = w.batch_a(5).await;
    let id = a["id"].as_i64().unwrap();
    let r = w
        .export(Who::EnterpriseA, id, "format=tspl&pins=true")
        .await;
    assert_eq!(r.status, 200);
    let name = r.header("content-disposition").unwrap_or("").to_owned();
    assert!(name.contains("-with-pins.tspl"), "{name}");
    assert!(r.bytes.starts_with(b"SIZE 50 mm,90 mm\r\nGAP "));
    let text = String::from_utf8_lossy(&r.bytes);
    assert_eq!(text.matches("\r\nPRINT 1,1\r\n").count(), 5);
    for serial in w.serials(&a, 0, 4) {
        let qr = format!("\"HTTPS://RONGMA.EXAMPLE.CN/C/{serial}\"\r\n");
        assert_eq!(text.matches(&qr).count(), 1, "{serial}");
    }
    assert_eq!(text.matches("\"rongma.example.cn/c\"").count(), 5);
}

/// The XLSX export: serial and PIN cells are text (leading zeros kept), sizes per code,
/// distinct names with and without PINs.
#[tokio::test]
async fn the_xlsx_export_keeps_serials_and_pins_as_text() {
    use calamine::{Data, Reader, Xlsx};
    let w = World::new(TestDb::sqlite().await).await;
    let mut body = w.body(12);
    body["sizes"] = json!([{"size": "M", "quantity": 5}, {"size": "L", "quantity": 7}]);
    let b = w.issue(Who::EnterpriseA, &body).await.assert_status(201)["batch"].clone();
    let id = b["id"].as_i64().unwrap();
    let r = w
        .export(Who::EnterpriseA, id, "format=xlsx&pins=true")
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let name = r.header("content-disposition").unwrap_or("").to_owned();
    assert!(name.contains("-with-pins.xlsx"), "{name}");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(r.bytes)).unwrap();
    let sheet = book.worksheet_range("codes").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), 1 + 12);
    assert_eq!(rows[0][2], Data::String("防伪码 PIN".into()));
    for (i, row) in rows[1..].iter().enumerate() {
        assert_eq!(row[0], Data::String(w.serial(&b, i as u64)));
        let Data::String(pin) = &row[2] else {
            panic!("PIN cell is not text: {:?}", row[2]);
        };
        assert_eq!(
            pin,
            &crate::support::scans::pin_of(&w, &w.serial(&b, i as u64))
        );
        assert_eq!(row[3], Data::String(if i < 5 { "M" } else { "L" }.into()));
    }
    let r = w.export(Who::EnterpriseA, id, "format=xlsx").await;
    assert!(r
        .header("content-disposition")
        .unwrap_or("")
        .contains("-no-pins.xlsx"));
}
