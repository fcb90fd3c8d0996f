//! The SQLite scan writer: plain scans written through a `rusqlite` connection of its own,
//! on a blocking thread, with prepared single-row statements.
//!
//! Why not `sqlx` like everything else: `sqlx` runs each SQLite statement on a connection
//! worker thread and hands rows back through channels, and a batch goes in as a few large
//! multi-row `VALUES` statements, which SQLite runs with a statement journal. For the one
//! write that every scan makes, that overhead was most of the writer's time
//! (docs/PERFORMANCE.md). The connection opens the same database file with the same
//! settings (WAL, `synchronous`, foreign keys, busy timeout); SQLite serialises it with the
//! `sqlx` writer by its write lock (`BEGIN IMMEDIATE` on both).

use crate::error::{StoreError, StoreResult};
use crate::scans_model::{CodeState, DailyCount, NewScanEvent, ScanDelta};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct ScanWriter {
    conn: Arc<Mutex<Connection>>,
}

fn native(e: rusqlite::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Io(std::io::Error::other(e)))
}

/// Timestamps as the `sqlx` SQLite driver writes them (RFC 3339), so both read them alike.
fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn parse_ts(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.map(|s| {
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
    })
    .transpose()
}

impl ScanWriter {
    pub fn open(path: &Path, full_sync: bool) -> StoreResult<Self> {
        let conn = Connection::open(path).map_err(native)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(native)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(native)?;
        conn.pragma_update(
            None,
            "synchronous",
            if full_sync { "FULL" } else { "NORMAL" },
        )
        .map_err(native)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(native)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Events, per-code rows and daily counts in one transaction; returns the rows as
    /// committed.
    pub async fn write(
        &self,
        events: &[NewScanEvent],
        deltas: &[ScanDelta],
        daily: &[DailyCount],
    ) -> StoreResult<Vec<CodeState>> {
        let conn = self.conn.clone();
        let (events, deltas, daily) = (events.to_vec(), deltas.to_vec(), daily.to_vec());
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            write(&mut conn, &events, &deltas, &daily).map_err(native)
        })
        .await
        .map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))))?
    }
}

fn write(
    conn: &mut Connection,
    events: &[NewScanEvent],
    deltas: &[ScanDelta],
    daily: &[DailyCount],
) -> rusqlite::Result<Vec<CodeState>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO scan_events (at, seq, serial, batch_id, kind, outcome, network, ua_family, channel) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for e in events {
            insert.execute(params![
                ts(e.at),
                e.seq,
                e.serial,
                e.batch_id,
                e.kind,
                e.outcome,
                e.network,
                e.ua_family,
                e.channel
            ])?;
        }
    }
    let mut rows = Vec::with_capacity(deltas.len());
    {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO code_state (seq, batch_id, scan_count, first_scan_at, last_scan_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (seq) DO UPDATE SET scan_count = code_state.scan_count + excluded.scan_count, \
             first_scan_at = COALESCE(code_state.first_scan_at, excluded.first_scan_at), \
             last_scan_at = excluded.last_scan_at, batch_id = COALESCE(code_state.batch_id, excluded.batch_id) \
             RETURNING seq, batch_id, scan_count, first_scan_at, last_scan_at, pin_ok_count, \
             first_pin_ok_at, pin_networks, pin_wrong_total, pin_wrong_streak, locked_until",
        )?;
        for d in deltas {
            let row = upsert
                .query_row(
                    params![d.seq, d.batch_id, d.count, ts(d.first_at), ts(d.last_at)],
                    |r| {
                        Ok(CodeState {
                            seq: r.get(0)?,
                            batch_id: r.get(1)?,
                            scan_count: r.get(2)?,
                            first_scan_at: parse_ts(r.get(3)?)?,
                            last_scan_at: parse_ts(r.get(4)?)?,
                            pin_ok_count: r.get(5)?,
                            first_pin_ok_at: parse_ts(r.get(6)?)?,
                            pin_networks: r
                                .get::<_, String>(7)?
                                .split_whitespace()
                                .map(str::to_owned)
                                .collect(),
                            pin_wrong_total: r.get(8)?,
                            pin_wrong_streak: r.get(9)?,
                            locked_until: parse_ts(r.get(10)?)?,
                        })
                    },
                )
                .optional()?;
            rows.extend(row);
        }
    }
    {
        let mut add = tx.prepare_cached(
            "INSERT INTO scan_daily (day, kind, outcome, count) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (day, kind, outcome) DO UPDATE SET count = scan_daily.count + excluded.count",
        )?;
        for c in daily {
            add.execute(params![c.day.to_string(), c.kind, c.outcome, c.count])?;
        }
    }
    tx.commit()?;
    Ok(rows)
}
