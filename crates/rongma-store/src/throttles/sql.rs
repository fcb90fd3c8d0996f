//! The SQL of failure counters. Compiled into each backend by `crate::sql` (through
//! `#[path]`), so `super` is that backend's `sql` module.

use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::At;
use crate::throttles::{Throttle, ThrottleTx};
use async_trait::async_trait;

type Row = (String, String, i64, At, Option<At>);

#[async_trait]
impl ThrottleTx for SqlTx {
    async fn get_throttles(&mut self, keys: &[(&str, &str)]) -> StoreResult<Vec<Throttle>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "SELECT scope, key, failures, window_start, blocked_until FROM throttles WHERE ",
        );
        for (i, (scope, key)) in keys.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push("(scope = ")
                .push_bind(*scope)
                .push(" AND key = ")
                .push_bind(*key)
                .push(")");
        }
        let rows: Vec<Row> = qb.build_query_as().fetch_all(&mut *self.tx).await?;
        Ok(rows
            .into_iter()
            .map(
                |(scope, key, failures, window_start, blocked_until)| Throttle {
                    scope,
                    key,
                    failures,
                    window_start,
                    blocked_until,
                },
            )
            .collect())
    }

    async fn put_throttle(&mut self, t: &Throttle) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO throttles (scope, key, failures, window_start, blocked_until) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO UPDATE SET \
             failures = excluded.failures, window_start = excluded.window_start, \
             blocked_until = excluded.blocked_until",
        )
        .bind(&t.scope)
        .bind(&t.key)
        .bind(t.failures)
        .bind(t.window_start)
        .bind(t.blocked_until)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn clear_throttle(&mut self, scope: &str, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM throttles WHERE scope = $1 AND key = $2")
            .bind(scope)
            .bind(key)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn purge_throttles(&mut self, before: At) -> StoreResult<u64> {
        let r = sqlx::query(
            "DELETE FROM throttles WHERE window_start < $1 \
             AND (blocked_until IS NULL OR blocked_until < $1)",
        )
        .bind(before)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected())
    }
}
