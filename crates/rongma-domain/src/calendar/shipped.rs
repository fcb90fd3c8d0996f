//! The year files shipped with the product (`calendars/` at the repository's root), built
//! into the binary: the current and the next year when the release was made. The app
//! loads a shipped year into the database once, when the database has no data for it.

use super::YearCalendar;

const FILES: &[&str] = &[
    include_str!("../../../../calendars/2026.toml"),
    include_str!("../../../../calendars/2027.toml"),
];

/// Every shipped year, parsed. The files are checked by the tests, so a file that does
/// not parse is a build that does not pass, never a start that fails.
pub fn shipped_years() -> Vec<YearCalendar> {
    FILES
        .iter()
        .filter_map(|f| YearCalendar::parse(f).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_parses() {
        for f in FILES {
            YearCalendar::parse(f).unwrap();
        }
        let years: Vec<i32> = shipped_years().iter().map(|y| y.year).collect();
        assert_eq!(years, [2026, 2027]);
    }
}
