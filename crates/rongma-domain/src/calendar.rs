//! Time and working days: the installation's one time zone, and the working-day
//! calendar (public holidays and make-up working days, 调休) that deadlines are counted in.
//! Pure: the app layer reads a year's days from the database and asks these rules.
//!
//! Layout, one concern per file:
//! - `zone`: [`Zone`], a configured zone name or offset, and local dates of instants.
//! - `working`: [`WorkingCalendar`], adding and counting working days.
//! - `year_file`: [`YearCalendar`], a shipped `calendars/<year>.toml` parsed and checked.
//! - `shipped`: the year files built into the binary ([`shipped_years`]).

mod shipped;
mod working;
mod year_file;
mod zone;

pub use shipped::shipped_years;
pub use working::{is_weekend, DayKind, WorkingCalendar};
pub use year_file::{check_days, CalendarDay, YearCalendar};
pub use zone::Zone;
