//! Cells that leave the system in spreadsheets: a CSV cell starting with `=`, `+`, `-` or
//! `@` (or a tab or carriage return, which Excel strips first) would be run as a formula
//! when opened (CSV/formula injection, OWASP); such cells get a leading apostrophe, which
//! spreadsheets show as text and do not display.

use std::borrow::Cow;

/// `cell` safe to open in a spreadsheet.
pub fn csv_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_safe;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_kept() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\t=1"] {
            assert_eq!(csv_safe(bad), format!("'{bad}"));
        }
        for ok in ["RMC-2026-000001", "4A", "白鸭绒", "", "a=b"] {
            assert_eq!(csv_safe(ok), ok);
        }
    }
}
