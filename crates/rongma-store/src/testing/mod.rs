//! Fresh databases for tests: a SQLite file in a temporary directory, or a PostgreSQL
//! schema of its own on the server named by `RONGMA_TEST_POSTGRES_URL`, dropped when the
//! test ends; and [`backend_test!`](crate::backend_test), one test on both backends.
//! Behind the cargo feature `testing`, enabled by this crate's storage suites and by
//! `rongma-testkit`, so it is not part of the production library.

mod backend_test;

pub use backend_test::{check_postgres_not_skipped, under_ci};

use crate::{connect, ConnectOptions, Store};
use std::sync::Arc;

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_URL_VAR: &str = "RONGMA_TEST_POSTGRES_URL";

/// A database that lives as long as this value.
pub struct TestDb {
    pub store: Arc<dyn Store>,
    /// URL a second process (the binary under test) can open.
    pub url: String,
    /// Connection options a second process needs (the PostgreSQL schema).
    pub options: ConnectOptions,
    _dir: Option<tempfile::TempDir>,
    pg_cleanup: Option<(String, String)>,
}

impl TestDb {
    /// A migrated SQLite database in a new temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let options = ConnectOptions {
            max_connections: 4,
            sqlite_full_sync: false,
            ..ConnectOptions::default()
        };
        let store = connect(&url, &options)
            .await
            .expect("open SQLite test database");
        TestDb {
            store,
            url,
            options,
            _dir: Some(dir),
            pg_cleanup: None,
        }
    }

    /// A migrated PostgreSQL schema of its own. Panics with a clear message when
    /// `RONGMA_TEST_POSTGRES_URL` is not set: callers only run PostgreSQL tests when it
    /// is set or when CI requires them.
    pub async fn postgres() -> TestDb {
        let url = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
            panic!(
                "{POSTGRES_URL_VAR} is not set: the PostgreSQL suite cannot run (CI requires it)"
            )
        });
        let schema = new_schema_name();
        let admin = sqlx::PgPool::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {url}: {e}"));
        drop_stale_schemas(&admin).await;
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("create test schema");
        admin.close().await;
        let options = ConnectOptions {
            max_connections: 4,
            pg_schema: Some(schema.clone()),
            ..ConnectOptions::default()
        };
        let store = connect(&url, &options)
            .await
            .expect("open PostgreSQL test schema");
        TestDb {
            store,
            url: url.clone(),
            options,
            _dir: None,
            pg_cleanup: Some((url, schema)),
        }
    }
}

impl TestDb {
    /// Rows in every table by name (migration bookkeeping left out): for asserting that a
    /// refused request wrote nothing, or that an operation wrote O(1) rows.
    pub async fn row_counts(&self) -> std::collections::BTreeMap<String, i64> {
        use sqlx::Row;
        let mut out = std::collections::BTreeMap::new();
        if let Some(schema) = &self.options.pg_schema {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(&self.url)
                .await
                .expect("connect for row counts");
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
            )
            .bind(schema)
            .fetch_all(&pool)
            .await
            .expect("list tables");
            for t in tables {
                let row = sqlx::query(&format!("SELECT COUNT(*) FROM {schema}.{t}"))
                    .fetch_one(&pool)
                    .await
                    .expect("count rows");
                out.insert(t, row.get::<i64, _>(0));
            }
            pool.close().await;
        } else {
            let pool = sqlx::SqlitePool::connect(&self.url)
                .await
                .expect("connect for row counts");
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
            )
            .fetch_all(&pool)
            .await
            .expect("list tables");
            for t in tables {
                let row = sqlx::query(&format!("SELECT COUNT(*) FROM \"{t}\""))
                    .fetch_one(&pool)
                    .await
                    .expect("count rows");
                out.insert(t, row.get::<i64, _>(0));
            }
            pool.close().await;
        }
        out
    }

    /// Runs raw SQL statements outside the store, as an administrator with direct access
    /// would (to tamper with data the store refuses to change, e.g. after dropping a
    /// trigger). On PostgreSQL they run in the test's schema.
    pub async fn exec_raw(&self, sql: &str) {
        if let Some(schema) = &self.options.pg_schema {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(&self.url)
                .await
                .expect("connect for raw SQL");
            sqlx::raw_sql(&format!("SET search_path TO {schema}; {sql}"))
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("raw SQL {sql:?}: {e}"));
            pool.close().await;
        } else {
            let pool = sqlx::SqlitePool::connect(&self.url)
                .await
                .expect("connect for raw SQL");
            sqlx::raw_sql(sql)
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("raw SQL {sql:?}: {e}"));
            pool.close().await;
        }
    }

    /// Replaces stored hash `index` of the transparency log with `hash` behind the store's
    /// back (dropping and restoring the append-only trigger), as a tampering administrator.
    pub async fn tamper_log_hash(&self, index: u64, hash: [u8; 32]) {
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        if self.options.pg_schema.is_some() {
            self.exec_raw(&format!(
                "ALTER TABLE log_hashes DISABLE TRIGGER tr_log_hashes_append_only; \
                 UPDATE log_hashes SET hash = '\\x{hex}'::bytea WHERE idx = {index}; \
                 ALTER TABLE log_hashes ENABLE TRIGGER tr_log_hashes_append_only;"
            ))
            .await;
        } else {
            self.exec_raw(&format!(
                "DROP TRIGGER tr_log_hashes_no_update; \
                 UPDATE log_hashes SET hash = X'{hex}' WHERE idx = {index}; \
                 CREATE TRIGGER tr_log_hashes_no_update BEFORE UPDATE ON log_hashes \
                 BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;"
            ))
            .await;
        }
    }

    /// Replaces the bytes of log entry `index` behind the store's back (see
    /// [`TestDb::tamper_log_hash`]).
    pub async fn tamper_log_entry(&self, index: u64, entry: &[u8]) {
        let hex: String = entry.iter().map(|b| format!("{b:02x}")).collect();
        if self.options.pg_schema.is_some() {
            self.exec_raw(&format!(
                "ALTER TABLE log_entries DISABLE TRIGGER tr_log_entries_append_only; \
                 UPDATE log_entries SET entry = '\\x{hex}'::bytea WHERE idx = {index}; \
                 ALTER TABLE log_entries ENABLE TRIGGER tr_log_entries_append_only;"
            ))
            .await;
        } else {
            self.exec_raw(&format!(
                "DROP TRIGGER tr_log_entries_no_update; \
                 UPDATE log_entries SET entry = X'{hex}' WHERE idx = {index}; \
                 CREATE TRIGGER tr_log_entries_no_update BEFORE UPDATE ON log_entries \
                 BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;"
            ))
            .await;
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((url, schema)) = self.pg_cleanup.take() else {
            return;
        };
        // Drop runs outside async; a short-lived thread with its own runtime drops the
        // schema so test runs leave the shared database as they found it.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let pool = sqlx::PgPool::connect(&url).await.ok()?;
                sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .execute(&pool)
                    .await
                    .ok()?;
                pool.close().await;
                Some(())
            })
        })
        .join();
    }
}

/// `t_<unix seconds>_<random>`: unique per test and datable, so stale schemas left by a
/// killed run can be recognised and dropped.
fn new_schema_name() -> String {
    use rand::Rng;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("rongma_t_{secs}_{:08x}", rand::thread_rng().gen::<u32>())
}

async fn drop_stale_schemas(admin: &sqlx::PgPool) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'rongma\\_t\\_%'",
    )
    .fetch_all(admin)
    .await
    .unwrap_or_default();
    for name in names {
        let ts = name
            .split('_')
            .nth(2)
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(now);
        if now.saturating_sub(ts) > 6 * 3600 {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                .execute(admin)
                .await;
        }
    }
}
