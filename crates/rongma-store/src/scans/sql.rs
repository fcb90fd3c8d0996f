//! The SQL of scans, PIN checks, daily counts and flags. Compiled into each backend by
//! `crate::sql` (through `#[path]`), so `super` is that backend's `sql` module: its `Db`,
//! `SqlTx` and query helpers.
//!
//! Writes come in batches from the app's group-commit writers, so the bulk statements
//! (events, scan counts) are multi-row and chunked below both backends' parameter limits.
//! SQLite's plain-scan writes go through `sqlite_writer.rs` instead; the rest is here.

use super::{Db, SqlStore, SqlTx, BACKEND};
use crate::error::StoreResult;
use crate::scans::rows::*;
use crate::scans::*;
use crate::shared::{Backend, Page, Store};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

/// Rows per multi-row statement: 9 columns × 1000 stays under SQLite's 32,766 parameters.
const CHUNK: usize = 1000;

#[async_trait]
impl ScanStore for SqlStore {
    async fn code_state(&self, seq: i64) -> StoreResult<Option<CodeState>> {
        let sql = format!("SELECT {STATE_COLS} FROM code_state WHERE seq = $1");
        let row: Option<StateRow> = sqlx::query_as(&sql)
            .bind(seq)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(CodeState::from))
    }

    async fn write_scan_batch(
        &self,
        events: &[NewScanEvent],
        deltas: &[ScanDelta],
        daily: &[DailyCount],
    ) -> StoreResult<Vec<CodeState>> {
        if let Some(w) = &self.scan_writer {
            return w.write(events, deltas, daily).await;
        }
        let mut tx = Store::begin(self).await?;
        tx.insert_scan_events(events).await?;
        let rows = tx.add_scans(deltas).await?;
        tx.add_daily_counts(daily).await?;
        tx.commit().await?;
        Ok(rows)
    }

    async fn codes_with_state(&self, first: i64, last: i64) -> StoreResult<Vec<i64>> {
        let seqs = sqlx::query_scalar("SELECT seq FROM code_state WHERE seq BETWEEN $1 AND $2")
            .bind(first)
            .bind(last)
            .fetch_all(&self.read)
            .await?;
        Ok(seqs)
    }
}

#[async_trait]
impl ScanTx for SqlTx {
    async fn get_code_state(&mut self, seq: i64) -> StoreResult<Option<CodeState>> {
        let sql = format!("SELECT {STATE_COLS} FROM code_state WHERE seq = $1");
        let row: Option<StateRow> = sqlx::query_as(&sql)
            .bind(seq)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.map(CodeState::from))
    }

    async fn lock_code_state(&mut self, seq: i64, batch_id: Option<i64>) -> StoreResult<CodeState> {
        // An upsert that always touches the row: it exists afterwards and, on PostgreSQL,
        // stays locked until commit. SQLite writers are serialised anyway.
        let sql = format!(
            "INSERT INTO code_state (seq, batch_id) VALUES ($1, $2) ON CONFLICT (seq) DO UPDATE \
             SET batch_id = COALESCE(code_state.batch_id, excluded.batch_id) RETURNING {STATE_COLS}"
        );
        let row: StateRow = sqlx::query_as(&sql)
            .bind(seq)
            .bind(batch_id)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(row.into())
    }

    async fn update_pin_state(&mut self, seq: i64, u: &PinStateUpdate) -> StoreResult<()> {
        sqlx::query(
            "UPDATE code_state SET pin_ok_count = $1, first_pin_ok_at = $2, pin_networks = $3, \
             pin_wrong_total = $4, pin_wrong_streak = $5, locked_until = $6 WHERE seq = $7",
        )
        .bind(u.pin_ok_count)
        .bind(u.first_pin_ok_at)
        .bind(u.pin_networks.join(" "))
        .bind(u.pin_wrong_total)
        .bind(u.pin_wrong_streak)
        .bind(u.locked_until)
        .bind(seq)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn add_scans(&mut self, deltas: &[ScanDelta]) -> StoreResult<Vec<CodeState>> {
        let mut out = Vec::with_capacity(deltas.len());
        for chunk in deltas.chunks(CHUNK) {
            // The codes' networks so far (rows locked on PostgreSQL), merged here with this
            // write's: a set is not something both backends can merge in SQL alike.
            let mut qb =
                QueryBuilder::<Db>::new("SELECT seq, scan_networks FROM code_state WHERE seq IN (");
            let mut list = qb.separated(", ");
            for d in chunk {
                list.push_bind(d.seq);
            }
            qb.push(")");
            if BACKEND == Backend::Postgres {
                qb.push(" FOR UPDATE");
            }
            let known: std::collections::HashMap<i64, String> = qb
                .build_query_as::<(i64, String)>()
                .fetch_all(&mut *self.tx)
                .await?
                .into_iter()
                .collect();
            let networks: Vec<String> = chunk
                .iter()
                .map(|d| {
                    let mut n: Vec<String> = known
                        .get(&d.seq)
                        .map(|s| s.split_whitespace().map(str::to_owned).collect())
                        .unwrap_or_default();
                    merge_networks(&mut n, &d.networks);
                    n.join(" ")
                })
                .collect();
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO code_state (seq, batch_id, scan_count, first_scan_at, last_scan_at, scan_networks) ",
            );
            qb.push_values(chunk.iter().zip(&networks), |mut b, (d, n)| {
                b.push_bind(d.seq)
                    .push_bind(d.batch_id)
                    .push_bind(d.count)
                    .push_bind(d.first_at)
                    .push_bind(d.last_at)
                    .push_bind(n.as_str());
            });
            qb.push(
                " ON CONFLICT (seq) DO UPDATE SET scan_count = code_state.scan_count + excluded.scan_count, \
                 first_scan_at = COALESCE(code_state.first_scan_at, excluded.first_scan_at), \
                 last_scan_at = excluded.last_scan_at, batch_id = COALESCE(code_state.batch_id, excluded.batch_id), \
                 scan_networks = excluded.scan_networks \
                 RETURNING ",
            );
            qb.push(STATE_COLS);
            let rows: Vec<StateRow> = qb.build_query_as().fetch_all(&mut *self.tx).await?;
            out.extend(rows.into_iter().map(CodeState::from));
        }
        Ok(out)
    }

    async fn insert_scan_events(&mut self, events: &[NewScanEvent]) -> StoreResult<()> {
        for chunk in events.chunks(CHUNK) {
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO scan_events (at, seq, serial, batch_id, kind, outcome, network, ua_family, channel) ",
            );
            qb.push_values(chunk, |mut b, e| {
                b.push_bind(e.at)
                    .push_bind(e.seq)
                    .push_bind(e.serial.as_deref())
                    .push_bind(e.batch_id)
                    .push_bind(e.kind)
                    .push_bind(e.outcome)
                    .push_bind(e.network.as_str())
                    .push_bind(e.ua_family)
                    .push_bind(e.channel);
            });
            qb.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    async fn add_daily_counts(&mut self, counts: &[DailyCount]) -> StoreResult<()> {
        for c in counts {
            sqlx::query(
                "INSERT INTO scan_daily (day, kind, outcome, count) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (day, kind, outcome) DO UPDATE SET count = scan_daily.count + excluded.count",
            )
            .bind(c.day)
            .bind(&c.kind)
            .bind(&c.outcome)
            .bind(c.count)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    async fn distinct_networks(
        &mut self,
        seq: i64,
        kind: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let n = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT network) FROM scan_events WHERE seq = $1 AND at >= $2 AND kind = $3",
        )
        .bind(seq)
        .bind(since)
        .bind(kind)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(n)
    }

    async fn list_scan_events(&mut self, seq: i64, limit: i64) -> StoreResult<Vec<ScanEvent>> {
        Ok(self.scan_events_page(seq, limit, 0).await?.items)
    }

    async fn scan_events_page(
        &mut self,
        seq: i64,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Page<ScanEvent>> {
        type EventRow = (
            i64,
            DateTime<Utc>,
            Option<i64>,
            Option<i64>,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, at, seq, batch_id, kind, outcome, network, ua_family, channel FROM scan_events \
             WHERE seq = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3",
        )
        .bind(seq)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.tx)
        .await?;
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM scan_events WHERE seq = $1")
            .bind(seq)
            .fetch_one(&mut *self.tx)
            .await?;
        let items = rows
            .into_iter()
            .map(
                |(id, at, seq, batch_id, kind, outcome, network, ua_family, channel)| ScanEvent {
                    id,
                    at,
                    seq,
                    batch_id,
                    kind,
                    outcome,
                    network,
                    ua_family,
                    channel,
                },
            )
            .collect();
        Ok(Page {
            items,
            total,
            limit,
            offset,
        })
    }

    async fn daily_counts(&mut self, from: NaiveDate) -> StoreResult<Vec<DailyCount>> {
        let rows: Vec<(NaiveDate, String, String, i64)> = sqlx::query_as(
            "SELECT day, kind, outcome, count FROM scan_daily WHERE day >= $1 ORDER BY day, kind, outcome",
        )
        .bind(from)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(day, kind, outcome, count)| DailyCount {
                day,
                kind,
                outcome,
                count,
            })
            .collect())
    }

    async fn raise_flag(&mut self, f: &NewFlag) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO scan_flags (seq, batch_id, enterprise_id, kind, networks, evidence_count, first_at, last_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (seq, kind) DO UPDATE SET \
             networks = CASE WHEN excluded.networks > scan_flags.networks THEN excluded.networks ELSE scan_flags.networks END, \
             evidence_count = scan_flags.evidence_count + excluded.evidence_count, last_at = excluded.last_at",
        )
        .bind(f.seq)
        .bind(f.batch_id)
        .bind(f.enterprise_id)
        .bind(f.kind.as_str())
        .bind(f.networks)
        .bind(f.evidence)
        .bind(f.at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn get_flag(&mut self, id: i64) -> StoreResult<Option<ScanFlag>> {
        let sql = format!("SELECT {FLAG_COLS} FROM scan_flags WHERE id = $1");
        self.one(&sql, id, FlagRow::into_flag).await
    }

    async fn flags_of(&mut self, seqs: &[i64]) -> StoreResult<Vec<ScanFlag>> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb =
            QueryBuilder::<Db>::new(format!("SELECT {FLAG_COLS} FROM scan_flags WHERE seq IN ("));
        let mut list = qb.separated(", ");
        for s in seqs.iter().take(CHUNK) {
            list.push_bind(*s);
        }
        qb.push(") ORDER BY seq, kind");
        let rows: Vec<FlagRow> = qb.build_query_as().fetch_all(&mut *self.tx).await?;
        rows.into_iter().map(FlagRow::into_flag).collect()
    }

    async fn handle_flag(
        &mut self,
        id: i64,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE scan_flags SET status = 'handled', handled_by = $1, handled_note = $2, handled_at = $3 \
             WHERE id = $4 AND status = 'open'",
        )
        .bind(by)
        .bind(note)
        .bind(at)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn suspects(&mut self, q: &SuspectQuery) -> StoreResult<Page<SuspectRow>> {
        let col = match q.group {
            SuspectGroup::Serial => "seq",
            SuspectGroup::Batch => "batch_id",
            SuspectGroup::Enterprise => "enterprise_id",
        };
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(DISTINCT {col}) FROM scan_flags WHERE status = $1"
        ))
        .bind(&q.status)
        .fetch_one(&mut *self.tx)
        .await?;
        // Most flagged codes first, then most flags (rules), networks, evidence, recency.
        let sql = format!(
            "SELECT {col} AS k, COUNT(DISTINCT seq) AS codes, COUNT(*) AS flags, \
             CAST(MAX(networks) AS BIGINT) AS networks, CAST(SUM(evidence_count) AS BIGINT) AS evidence, \
             MAX(last_at) AS last_at FROM scan_flags WHERE status = $1 GROUP BY {col} \
             ORDER BY codes DESC, flags DESC, networks DESC, evidence DESC, last_at DESC, k LIMIT $2 OFFSET $3"
        );
        let rows: Vec<SuspectDbRow> = sqlx::query_as(&sql)
            .bind(&q.status)
            .bind(q.limit)
            .bind(q.offset)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(Page {
            items: rows.into_iter().map(SuspectDbRow::into_suspect).collect(),
            total,
            limit: q.limit,
            offset: q.offset,
        })
    }

    async fn flags_raised_since(
        &mut self,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<DateTime<Utc>>> {
        let rows: Vec<DateTime<Utc>> = sqlx::query_scalar(
            "SELECT first_at FROM scan_flags WHERE first_at >= $1 ORDER BY first_at",
        )
        .bind(since)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows)
    }
}
