//! One module per subcommand.

pub mod grade;
