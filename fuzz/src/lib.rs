//! The bodies of the fuzz targets, kept in a library so that the corpus replay test
//! (`tests/corpus.rs`, part of `cargo test --workspace`) runs exactly what the fuzzer ran.
//!
//! Each body feeds untrusted bytes to a parser the service exposes and checks more than
//! "does not panic": what a parser accepts must survive the round trip the product relies
//! on (a serial read back from its own URL, a profile read back from its own TOML), and a
//! refusal must name a field, as every error shown to a user does.

use rongma_app::reports_import::{read_rows, Limits};
use rongma_domain::codes::{parse_code_path, PublicHost, Serial, UrlTemplate};
use rongma_domain::grading::{grade, CsvColumns, Profile, ProfileError};
use rongma_domain::workflow::ReportDraft;
use std::sync::OnceLock;

fn profile() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(Profile::builtin_default)
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
}

/// Serials as typed or scanned, code paths and whole QR URLs (short and GS1 Digital Link),
/// and public host names.
pub fn serial(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(serial) = Serial::parse(text) {
        // The canonical form reads back as itself.
        let again = Serial::parse(serial.as_str()).expect("a canonical serial parses");
        assert_eq!(again, serial);
        // And the URL the tag carries reads back to the same serial.
        let host = PublicHost::parse("RONGMA.EXAMPLE.CN").expect("host");
        let url = UrlTemplate::short(&host).url(&serial);
        let path = parse_code_path(&url).expect("a short URL parses");
        assert_eq!(path.serial, serial);
        assert_eq!(path.gtin, None);
    }
    if let Ok(path) = parse_code_path(text) {
        if let Some(gtin) = &path.gtin {
            assert_eq!(
                gtin.len(),
                14,
                "a Digital Link GTIN is normalised to 14 digits"
            );
            let host = PublicHost::parse("RONGMA.EXAMPLE.CN").expect("host");
            let url = UrlTemplate::digital_link(&host, gtin)
                .expect("an accepted GTIN makes a Digital Link")
                .url(&path.serial);
            let back = parse_code_path(&url).expect("a Digital Link URL parses");
            assert_eq!(back.serial, path.serial);
            assert_eq!(back.gtin.as_deref(), Some(gtin.as_str()));
        }
    }
    if let Ok(host) = PublicHost::parse(text) {
        let again = PublicHost::parse(host.as_str()).expect("an accepted host parses again");
        assert_eq!(again, host);
    }
}

/// A report as JSON, validated against the default profile and, when valid, graded.
pub fn report_json(data: &[u8]) {
    let Ok(draft) = serde_json::from_slice::<ReportDraft>(data) else {
        return;
    };
    match draft.validate(profile(), today()) {
        Ok(fields) => {
            let result = grade(profile(), &fields.report);
            // Grading a report twice gives the same result.
            assert_eq!(result, grade(profile(), &fields.report));
        }
        Err(errs) => {
            assert!(!errs.is_empty(), "a refusal lists at least one error");
            for e in errs.iter() {
                assert!(!e.field.is_empty(), "every error names its field: {e:?}");
            }
        }
    }
}

/// An uploaded sheet (CSV or XLSX, detected from the bytes) read with small caps, then its
/// header and rows checked as report values.
pub fn report_sheet(data: &[u8]) {
    let limits = Limits {
        max_file: 1 << 20,
        max_inflated: 4 << 20,
        max_part: 2 << 20,
        max_rows: 200,
        max_columns: 80,
        max_cell_chars: 500,
    };
    let rows = match read_rows(data, &limits) {
        Ok((_, rows)) => rows,
        Err(e) => {
            let text = format!("{e:?}");
            assert!(text.contains("file"), "a refused file is named: {text}");
            return;
        }
    };
    // The caps hold whatever the bytes were.
    assert!(rows.len() <= limits.max_rows + 1, "{} rows", rows.len());
    for row in &rows {
        assert!(row.len() <= limits.max_columns);
        assert!(row
            .iter()
            .all(|c| c.chars().count() <= limits.max_cell_chars));
    }
    let mut rows = rows.iter();
    let Some(header) = rows.next() else {
        return;
    };
    let Ok(columns) = CsvColumns::from_header(header.iter().map(String::as_str)) else {
        return;
    };
    for (i, row) in rows.enumerate() {
        if let Ok(report) =
            columns.parse_record(row.iter().map(String::as_str), i as u64 + 1, profile())
        {
            let _ = grade(profile(), &report);
        }
    }
}

/// A grading profile as TOML. An accepted profile is deterministic (the same text gives the
/// same content hash, which certificates cite) and grades the reports of the default
/// profile's test vectors without panicking; a refused one says where.
pub fn profile_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Profile::from_toml_str(text) {
        Ok(profile) => {
            let again = Profile::from_toml_str(text).expect("the same text parses again");
            assert_eq!(again.hash(), profile.hash());
            assert_eq!(again.canonical_json(), profile.canonical_json());
        }
        Err(ProfileError::Invalid(issues)) => {
            assert!(!issues.is_empty(), "a refused profile lists its problems");
            assert!(issues.iter().all(|i| !i.message.is_empty()));
        }
        Err(ProfileError::Syntax(msg)) => assert!(!msg.is_empty()),
    }
}

/// Runs `body` on each file named on the command line (the fuzz targets built without
/// libFuzzer), printing each name first so a failure says which input it was.
pub fn replay_files(body: fn(&[u8])) {
    for path in std::env::args_os().skip(1) {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        eprintln!("{}", std::path::Path::new(&path).display());
        body(&data);
    }
}
