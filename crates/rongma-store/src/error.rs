//! Storage errors. Unique-constraint violations are reported by the logical key that was
//! violated, the same on both backends, so the app layer can name the field.

use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique key was violated; the key is `table.column` (e.g. `enterprises.credit_code`).
    #[error("duplicate value for {0}")]
    Conflict(&'static str),
    /// A foreign key or check constraint refused the write.
    #[error("the database refused the write: {0}")]
    Constraint(String),
    /// A stored value could not be read back into its type (a bug or a manual edit).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("unsupported database URL {0:?} (use sqlite:… or postgres://…)")]
    UnsupportedUrl(String),
}

/// A unique constraint, reported as its logical key whichever backend refused the write.
pub(crate) struct UniqueKey {
    /// The constraint's name, as PostgreSQL reports it.
    constraint: &'static str,
    /// Its columns, as SQLite lists them after "UNIQUE constraint failed: ".
    columns: &'static str,
    /// The key [`StoreError::Conflict`] carries (`table.column`).
    key: &'static str,
}

pub(crate) const fn unique(
    constraint: &'static str,
    columns: &'static str,
    key: &'static str,
) -> UniqueKey {
    UniqueKey {
        constraint,
        columns,
        key,
    }
}

/// Every area's unique constraints; each area lists its own.
const UNIQUE_KEYS: &[&[UniqueKey]] = &[
    crate::registry::UNIQUE_KEYS,
    crate::accounts::UNIQUE_KEYS,
    crate::workflow::UNIQUE_KEYS,
    crate::codes::UNIQUE_KEYS,
];

/// The logical key of a unique constraint, by its name or its column list.
pub(crate) fn unique_key(constraint_or_columns: &str) -> Option<&'static str> {
    UNIQUE_KEYS
        .iter()
        .flat_map(|area| area.iter())
        .find(|u| u.constraint == constraint_or_columns || u.columns == constraint_or_columns)
        .map(|u| u.key)
}

/// A stored value that does not read back into its type: `what` names the column.
pub(crate) fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if db.is_unique_violation() {
                // PostgreSQL names the constraint; SQLite names the columns in its message.
                let key = db.constraint().and_then(unique_key).or_else(|| {
                    db.message()
                        .strip_prefix("UNIQUE constraint failed: ")
                        .and_then(unique_key)
                });
                if let Some(key) = key {
                    return StoreError::Conflict(key);
                }
            }
            if db.is_foreign_key_violation() || db.is_check_violation() {
                return StoreError::Constraint(db.message().to_owned());
            }
        }
        StoreError::Database(e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e)
    }
}
