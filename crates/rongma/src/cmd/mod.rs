//! One module per subcommand.

pub mod admin;
pub mod grade;
pub mod migrate;
pub mod profile;
pub mod serve;
