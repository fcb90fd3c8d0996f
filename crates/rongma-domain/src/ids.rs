//! Identifiers from outside rongma, parsed into newtypes: the 统一社会信用代码 of an
//! enterprise (GB 32100-2015) and a product's GS1 GTIN.

mod gtin;
mod uscc;

pub use gtin::{normalise_gtin, Gtin, GtinError};
pub use uscc::Uscc;
