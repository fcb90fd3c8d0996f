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

/// Unique constraints by name (PostgreSQL) and by the column list SQLite reports.
const UNIQUE_KEYS: &[(&str, &str, &str)] = &[
    (
        "uq_enterprises_credit_code",
        "enterprises.credit_code",
        "enterprises.credit_code",
    ),
    (
        "uq_brands_enterprise_name",
        "brands.enterprise_id, brands.name",
        "brands.name",
    ),
    ("uq_products_gtin", "products.gtin", "products.gtin"),
    (
        "uq_products_enterprise_style_no",
        "products.enterprise_id, products.style_no",
        "products.style_no",
    ),
    ("uq_labs_cma_no", "labs.cma_no", "labs.cma_no"),
    ("uq_users_username", "users.username", "users.username"),
    ("uq_api_keys_prefix", "api_keys.prefix", "api_keys.prefix"),
];

/// Registers further unique keys; later areas extend this list.
pub(crate) fn unique_key(constraint_or_columns: &str) -> Option<&'static str> {
    UNIQUE_KEYS
        .iter()
        .chain(crate::model::EXTRA_UNIQUE_KEYS)
        .find(|(pg, lite, _)| *pg == constraint_or_columns || *lite == constraint_or_columns)
        .map(|(_, _, key)| *key)
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
