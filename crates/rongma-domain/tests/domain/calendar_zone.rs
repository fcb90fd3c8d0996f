//! The configured zone: names and offsets accepted, zones with daylight saving refused
//! with the list, and local dates around midnight.

use chrono::{DateTime, Utc};
use rongma_domain::calendar::Zone;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn names_and_offsets() {
    assert_eq!(Zone::default().name(), "Asia/Shanghai");
    assert_eq!(Zone::parse("asia/tokyo").unwrap().name(), "Asia/Tokyo");
    assert_eq!(
        Zone::parse("+05:30").unwrap().offset().local_minus_utc(),
        19800
    );
    assert_eq!(Zone::parse("-03").unwrap().name(), "-03:00");
    assert_eq!(Zone::parse("UTC").unwrap().offset().local_minus_utc(), 0);
    for bad in [
        "Europe/Berlin",
        "America/New_York",
        "+15:00",
        "8",
        "+8:00",
        "",
    ] {
        let e = Zone::parse(bad).unwrap_err();
        assert!(
            e.contains("Asia/Shanghai") && e.contains("+08:00"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn local_dates_turn_at_local_midnight() {
    let cst = Zone::default();
    // 16:30 UTC on 31 December is 00:30 on 1 January in Shanghai, not yet in UTC.
    let at = t("2026-12-31T16:30:00Z");
    assert_eq!(cst.date(at).to_string(), "2027-01-01");
    assert_eq!(
        Zone::parse("UTC").unwrap().date(at).to_string(),
        "2026-12-31"
    );
    assert_eq!(cst.local(at).to_string(), "2027-01-01 00:30:00");
    assert_eq!(cst.start_of(cst.date(at)), t("2026-12-31T16:00:00Z"));
    let tokyo = Zone::parse("Asia/Tokyo").unwrap();
    assert_eq!(
        tokyo.start_of("2027-01-01".parse().unwrap()),
        t("2026-12-31T15:00:00Z")
    );
}
