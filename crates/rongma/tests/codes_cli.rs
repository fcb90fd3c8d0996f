//! `rongma codes` from the outside: issue a batch, export it (CSV equal to the serials
//! of its range, without PINs, SVG files per tag, PDF), revoke, look a serial up, rotate
//! the key (new batches use the new key, old exports stay the same), and bad input named.

use rongma_app::secrets::Secrets;
use rongma_domain::codes::{CodeKeys, KeyId, SeqRange};
use rongma_testkit::{certificates, data_dir, Holder};
use std::path::Path;
use std::process::{Command, Output};

fn rongma(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rongma"))
        .current_dir(dir)
        .env_remove("RONGMA_CONFIG")
        .env("RONGMA_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn keys(dir: &Path) -> CodeKeys {
    Secrets::load_or_create(&dir.join("data/secrets.toml"))
        .unwrap()
        .code_keys()
        .unwrap()
}

/// Migrates through the binary, then registers a product with an active certificate in
/// the same database; returns the certificate id.
fn setup(dir: &Path) -> i64 {
    ok(rongma(dir, &["migrate"]));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = data_dir::app_in(dir).await;
        let h = Holder::create(&app).await;
        let c = certificates::valid_from_yesterday(&app, &h.product, h.lab.id, 300).await;
        app.store().close().await;
        c.id
    })
}

/// `rongma codes export --batch BATCH …`.
fn export(dir: &Path, batch: &str, args: &[&str]) -> Output {
    let mut all = vec!["codes", "export", "--batch", batch];
    all.extend_from_slice(args);
    rongma(dir, &all)
}

fn issue(dir: &Path, cert: i64, n: &str) -> serde_json::Value {
    let out = ok(rongma(
        dir,
        &[
            "codes",
            "issue",
            "--certificate",
            &cert.to_string(),
            "--quantity",
            n,
            "--lot",
            "L-1",
            "--production-date",
            "2025-11-01",
            "--sizes",
            &format!("M:{n}"),
        ],
    ));
    serde_json::from_str::<serde_json::Value>(&out).unwrap()["batch"].clone()
}

fn serials(keys: &CodeKeys, batch: &serde_json::Value, from: u64, n: u64) -> Vec<String> {
    let key = KeyId::parse(batch["key_id"].as_str().unwrap()).unwrap();
    let range = SeqRange::new(batch["seq_start"].as_u64().unwrap() + from, n).unwrap();
    keys.serial_keys()
        .serials(key, range)
        .unwrap()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn issue_export_revoke_and_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cert = setup(d);
    let b = issue(d, cert, "1000");
    let id = b["id"].to_string();
    let k = keys(d);

    // CSV with PINs: exactly the serials of the batch, with their URLs and PINs.
    ok(export(d, &id, &["--format", "csv", "--out", "all.csv"]));
    let csv = std::fs::read_to_string(d.join("all.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 1000);
    for (row, s) in rows.iter().zip(serials(&k, &b, 0, 1000)) {
        assert_eq!(
            (row[0], row[1].rsplit('/').next().unwrap()),
            (s.as_str(), s.as_str())
        );
        let v = k.serial_keys().verify(&s).unwrap();
        assert_eq!(row[2], k.pin_keys().pin_of(&v).unwrap().to_string());
    }
    assert!(!d.join(".all.csv.partial").exists());

    // A range without PINs; SVG files per tag into a directory; a PDF.
    let want = serials(&k, &b, 10, 3);
    ok(export(
        d,
        &id,
        &[
            "--format",
            "csv",
            "--no-pins",
            "--from",
            &want[0],
            "--to",
            &want[2],
            "--out",
            "part.csv",
        ],
    ));
    let part = std::fs::read_to_string(d.join("part.csv")).unwrap();
    assert_eq!(
        part.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_owned())
            .collect::<Vec<_>>(),
        want
    );
    // serial,url,pin,size: the PIN column is empty.
    assert!(
        part.lines()
            .skip(1)
            .all(|l| l.split(',').nth(2) == Some("")),
        "{part}"
    );
    std::fs::create_dir(d.join("svg")).unwrap();
    ok(export(
        d,
        &id,
        &[
            "--format", "svg", "--from", &want[0], "--to", &want[2], "--out", "svg",
        ],
    ));
    for s in &want {
        let svg = std::fs::read_to_string(d.join("svg").join(format!("{s}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{s}");
    }
    ok(export(
        d,
        &id,
        &["--format", "pdf", "--to", &want[0], "--out", "tags.pdf"],
    ));
    assert!(std::fs::read(d.join("tags.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    ok(export(
        d,
        &id,
        &[
            "--format",
            "tspl",
            "--from",
            &want[0],
            "--to",
            &want[1],
            "--out",
            "tags.tspl",
        ],
    ));
    let tspl = std::fs::read(d.join("tags.tspl")).unwrap();
    assert!(tspl.starts_with(b"SIZE 50 mm,90 mm\r\n"));
    assert_eq!(
        tspl.windows(11).filter(|w| w == b"PRINT 1,1\r\n").count(),
        2
    );

    // Bad input is named and writes no file.
    let out = export(
        d,
        &id,
        &[
            "--format",
            "csv",
            "--from",
            &want[0][..17],
            "--out",
            "bad.csv",
        ],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("from"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!d.join("bad.csv").exists());
    let out = rongma(
        d,
        &[
            "codes",
            "issue",
            "--certificate",
            &cert.to_string(),
            "--quantity",
            "0",
            "--lot",
            "x",
            "--production-date",
            "2025-11-01",
        ],
    );
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("quantity"));

    // Revoke a serial; its status says so, its neighbour is valid.
    ok(rongma(
        d,
        &[
            "codes", "revoke", "--batch", &id, "--serial", &want[1], "--reason", "stolen",
        ],
    ));
    let status = |s: &str| {
        serde_json::from_str::<serde_json::Value>(&ok(rongma(d, &["codes", "status", s]))).unwrap()
    };
    assert_eq!(status(&want[1])["verdict"], "revoked");
    assert_eq!(status(&want[2])["verdict"], "valid");

    // Rotation: new batches carry the new key, the old batch exports the same serials.
    let out = ok(rongma(d, &["codes", "rotate-key"]));
    assert!(out.contains("new code key 2"), "{out}");
    let b2 = issue(d, cert, "5");
    assert_eq!(b2["key_id"], "2");
    ok(export(d, &id, &["--format", "csv", "--out", "again.csv"]));
    assert_eq!(std::fs::read_to_string(d.join("again.csv")).unwrap(), csv);
    assert_eq!(status(&serials(&keys(d), &b2, 0, 1)[0])["verdict"], "valid");
}
