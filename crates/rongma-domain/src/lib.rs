//! Pure domain rules of rongma. No I/O, no async: everything here is exercised by
//! table-driven and property tests without a database.
//!
//! Layout:
//! - [`error`]: field-level validation errors shared by every parser here.
//! - [`ids`]: 统一社会信用代码 and GS1 GTIN, parsed into newtypes.
//! - [`registry`]: enterprises, brands, products and labs as validated values.
//! - [`roles`]: who an actor is and what each role may do.
//! - [`grading`]: grading profiles (data) and the grading engine.
//! - [`codes`]: self-authenticating serials, PINs and QR URLs of hang tags.
//! - [`credit`]: quality credit (A–D), white list, repair and the signed credit report.
//! - [`workflow`]: states of reports, applications and certificates, and their moves.
//! - [`platforms`]: the e-commerce platform API's pure core: signed webhooks, outbound
//!   address policy, listing claim checks, EPCIS 2.0 events with CBV event hashes, linksets.
//! - [`supervision`]: 双随机 spot checks: plans, beacons, the draw, risk weights, outcomes.
//! - [`calendar`]: the configured time zone and working days (holidays, 调休).
#![forbid(unsafe_code)]

pub mod calendar;
pub mod codes;
pub mod credit;
pub mod error;
pub mod grading;
pub mod ids;
pub mod platforms;
pub mod registry;
pub mod roles;
pub mod supervision;
pub mod workflow;

pub use error::{FieldError, FieldErrors};
