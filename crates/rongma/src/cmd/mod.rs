//! One module per subcommand.

pub mod admin;
pub mod codes;
pub mod grade;
pub mod log;
pub mod lottery;
pub mod migrate;
pub mod profile;
pub mod serve;
pub mod witness;
