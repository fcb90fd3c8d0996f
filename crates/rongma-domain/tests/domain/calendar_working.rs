//! Working-day arithmetic over the shipped 2026 arrangement: 国庆 and 春节 with their
//! make-up Saturdays and Sundays (调休), a year without data counted Monday to Friday, and
//! the two operations inverse to each other (property test).

use chrono::NaiveDate;
use proptest::prelude::*;
use rongma_domain::calendar::{shipped_years, DayKind, WorkingCalendar, YearCalendar};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The calendar of the shipped years.
fn shipped() -> WorkingCalendar {
    shipped_years()
        .into_iter()
        .fold(WorkingCalendar::weekdays_only(), |c, y| {
            c.with_year(y.year, y.days.iter().map(|d| (d.date, d.kind)))
        })
}

#[test]
fn national_day_2026_with_its_make_up_sunday_and_saturday() {
    let c = shipped();
    // Sunday 20 September and Saturday 10 October are working days; 1–7 October are not.
    assert!(c.is_working_day(d("2026-09-20")));
    assert!(c.is_working_day(d("2026-10-10")));
    assert!(!c.is_working_day(d("2026-10-05")));
    // Filed Wednesday 30 September: 8, 9 (Thu, Fri), 10 (Sat, make-up), 12, 13, 14, 15.
    assert_eq!(c.add_working_days(d("2026-09-30"), 7), d("2026-10-15"));
    // Monday–Friday alone would have said 9 October, inside the holiday's aftermath.
    assert_eq!(
        WorkingCalendar::weekdays_only().add_working_days(d("2026-09-30"), 7),
        d("2026-10-09")
    );
    // Filed on Saturday 19 September: Sunday 20 is the first working day.
    assert_eq!(c.add_working_days(d("2026-09-19"), 1), d("2026-09-20"));
    // Filed during the holiday: counted from 8 October.
    assert_eq!(c.add_working_days(d("2026-10-03"), 1), d("2026-10-08"));
    assert_eq!(c.working_days_between(d("2026-09-30"), d("2026-10-15")), 7);
}

#[test]
fn spring_festival_2026_nine_days_off_between_two_working_saturdays() {
    let c = shipped();
    assert!(
        c.is_working_day(d("2026-02-14")),
        "Saturday before: 调休上班"
    );
    assert!(
        c.is_working_day(d("2026-02-28")),
        "Saturday after: 调休上班"
    );
    for day in d("2026-02-15").iter_days().take(9) {
        assert!(!c.is_working_day(day), "{day} is off");
    }
    // Filed Friday 13 February: 14 (Sat), 24, 25, 26, 27, 28 (Sat), 2 March.
    assert_eq!(c.add_working_days(d("2026-02-13"), 7), d("2026-03-02"));
    assert_eq!(c.working_days_between(d("2026-02-13"), d("2026-03-02")), 7);
    // No working day at all from the 15th to the 23rd.
    assert_eq!(c.working_days_between(d("2026-02-14"), d("2026-02-23")), 0);
    assert_eq!(c.working_days_between(d("2026-03-02"), d("2026-02-13")), -7);
}

#[test]
fn a_year_without_data_is_monday_to_friday_and_said_so() {
    let c = shipped();
    assert!(c.covers(2026) && c.covers(2027) && !c.covers(2028));
    // 2028: weekends only (1 January 2028 is a Saturday).
    assert_eq!(c.add_working_days(d("2027-12-31"), 1), d("2028-01-03"));
    assert_eq!(c.uncovered(d("2027-12-20"), d("2028-01-03")), [2028]);
    assert!(c.uncovered(d("2026-12-20"), d("2027-01-03")).is_empty());
}

#[test]
fn year_files_are_checked() {
    let bad = |text: &str, says: &str| {
        let e = YearCalendar::parse(text).unwrap_err();
        assert!(e.contains(says), "{e}");
    };
    let head = "year = 2026\nstatus = \"official\"\nsource = \"x\"\n";
    bad(
        &format!("{head}[[festival]]\nname = \"国庆节\"\nname_en = \"N\"\nfrom = 2026-10-01\nwork = [2026-10-09]\n"),
        "not a Saturday or Sunday",
    );
    bad(
        &format!("{head}[[festival]]\nname = \"元旦\"\nname_en = \"N\"\nfrom = 2027-01-01\n"),
        "not in 2026",
    );
    bad(
        &format!("{head}[[festival]]\nname = \"a\"\nname_en = \"a\"\nfrom = 2026-05-01\n[[festival]]\nname = \"b\"\nname_en = \"b\"\nfrom = 2026-05-01\n"),
        "listed twice",
    );
    bad(
        "year = 2026\nstatus = \"maybe\"\nsource = \"x\"\n",
        "official or provisional",
    );
    let y = YearCalendar::parse(&format!(
        "{head}[[festival]]\nname = \"a\"\nname_en = \"a\"\nfrom = 2026-05-01\nto = 2026-05-03\n"
    ))
    .unwrap();
    assert_eq!(y.days.len(), 3);
    assert!(y.days.iter().all(|d| d.kind == DayKind::Holiday));
}

#[test]
fn the_2027_file_is_marked_provisional() {
    let years = shipped_years();
    let y2027 = years.iter().find(|y| y.year == 2027).unwrap();
    assert!(y2027.provisional && !y2027.note.is_empty());
    assert!(!years.iter().find(|y| y.year == 2026).unwrap().provisional);
}

proptest! {
    #[test]
    fn counting_undoes_adding(offset in 0i64..760, n in 0u32..40) {
        let c = shipped();
        let from = d("2026-01-01") + chrono::Duration::days(offset);
        let due = c.add_working_days(from, n);
        prop_assert_eq!(c.working_days_between(from, due), i64::from(n));
        prop_assert!(n == 0 || c.is_working_day(due));
    }
}
