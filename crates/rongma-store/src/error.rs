//! Storage errors. Unique-constraint violations are reported by the logical key that was
//! violated, the same on both backends and through both drivers (`sqlx`, and `rusqlite`
//! in the SQLite scan writer), so the app layer can name the field. Each area lists its
//! own unique constraints; [`unique_key`] looks them up across the areas.

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
    crate::supervision::UNIQUE_KEYS,
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

/// The SQLite scan writer's `rusqlite` errors map like `sqlx`'s: as a `sqlx` database
/// error of the same kind (the extended result code read as `sqlx`'s SQLite driver reads
/// it), so a unique violation names its key and a foreign key or check violation is a
/// [`StoreError::Constraint`] whichever driver met it.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        sqlx::Error::Database(Box::new(RusqliteError::new(e))).into()
    }
}

/// A `rusqlite` error seen as a `sqlx` database error; its text is the error's own.
#[derive(Debug)]
struct RusqliteError {
    error: rusqlite::Error,
    /// SQLite's message for a failure, else the error's text.
    message: String,
}

impl RusqliteError {
    fn new(error: rusqlite::Error) -> Self {
        let message = match &error {
            rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
            other => other.to_string(),
        };
        Self { error, message }
    }
}

impl std::fmt::Display for RusqliteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for RusqliteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

impl sqlx::error::DatabaseError for RusqliteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.error {
            rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code.to_string().into()),
            _ => None,
        }
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        use rusqlite::ffi;
        use sqlx::error::ErrorKind;
        let rusqlite::Error::SqliteFailure(f, _) = &self.error else {
            return ErrorKind::Other;
        };
        match f.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// The error of `sql` on a fresh database with a few constrained tables.
    fn refused(sql: &str) -> StoreError {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE users (id INTEGER PRIMARY KEY,
                 username TEXT NOT NULL CONSTRAINT uq_users_username UNIQUE,
                 role TEXT NOT NULL CONSTRAINT ck_users_role CHECK (role = 'regulator'));
             CREATE TABLE sessions (token_hash TEXT PRIMARY KEY,
                 user_id INTEGER NOT NULL REFERENCES users (id));
             INSERT INTO users (id, username, role) VALUES (1, 'reg', 'regulator');",
        )
        .unwrap();
        StoreError::from(conn.execute_batch(sql).unwrap_err())
    }

    #[test]
    fn rusqlite_constraint_violations_map_like_sqlx_ones() {
        let dup = refused("INSERT INTO users (username, role) VALUES ('reg', 'regulator')");
        assert!(
            matches!(dup, StoreError::Conflict("users.username")),
            "{dup:?}"
        );

        let fk = refused("INSERT INTO sessions (token_hash, user_id) VALUES ('t', 99)");
        assert!(
            matches!(&fk, StoreError::Constraint(m) if m.contains("FOREIGN KEY")),
            "{fk:?}"
        );
        let check = refused("INSERT INTO users (username, role) VALUES ('x', 'nobody')");
        assert!(
            matches!(&check, StoreError::Constraint(m) if m.contains("ck_users_role")),
            "{check:?}"
        );
    }

    #[test]
    fn other_rusqlite_errors_stay_database_errors_of_their_kind() {
        use sqlx::error::ErrorKind;
        // A unique key the store does not know is a database error, still a unique one.
        let pk = refused("INSERT INTO sessions (token_hash, user_id) VALUES ('t', 1), ('t', 1)");
        let StoreError::Database(sqlx::Error::Database(db)) = &pk else {
            panic!("{pk:?}");
        };
        assert_eq!(db.kind(), ErrorKind::UniqueViolation);
        assert!(
            db.message().contains("sessions.token_hash"),
            "{}",
            db.message()
        );

        let not_null = refused("INSERT INTO users (username, role) VALUES (NULL, 'regulator')");
        let StoreError::Database(sqlx::Error::Database(db)) = &not_null else {
            panic!("{not_null:?}");
        };
        assert_eq!(db.kind(), ErrorKind::NotNullViolation);

        let syntax = refused("SELEKT 1");
        let StoreError::Database(sqlx::Error::Database(db)) = &syntax else {
            panic!("{syntax:?}");
        };
        assert_eq!(db.kind(), ErrorKind::Other);
        assert!(db.message().contains("SELEKT"), "{}", db.message());
    }
}
