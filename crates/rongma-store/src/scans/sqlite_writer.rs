//! The SQLite scan writer: plain scans written through a `rusqlite` connection of its own,
//! on a blocking thread, with prepared single-row statements. The SQLite store uses it as
//! its [`ScanBatchWriter`]; PostgreSQL has none.
//!
//! Why not `sqlx` like everything else: `sqlx` runs each SQLite statement on a connection
//! worker thread and hands rows back through channels, and a batch goes in as a few large
//! multi-row `VALUES` statements, which SQLite runs with a statement journal; for the one
//! write that every scan makes, that overhead would dominate the write (measured in
//! docs/PERFORMANCE.md). The connection opens the same database file with the same
//! settings (WAL, `synchronous`, foreign keys, busy timeout); SQLite serialises it with the
//! `sqlx` writer by its write lock (`BEGIN IMMEDIATE` on both). Its errors map to
//! [`StoreError`] as `sqlx`'s do (`crate::error`).
//!
//! It lives in the scans area rather than beside the backends because it is scans' SQL,
//! compiled once: it is not part of the `sqlx` code compiled per backend, and a reader
//! looking for how scans are written finds both ways here.

use crate::error::{StoreError, StoreResult};
use crate::scans::{
    merge_networks, CodeState, DailyCount, NewScanEvent, ScanBatchWriter, ScanDelta,
};
use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct ScanWriter {
    conn: Arc<Mutex<Connection>>,
}

/// Timestamps as the `sqlx` SQLite driver writes them (RFC 3339), so both read them alike.
fn ts(t: DateTime<Utc>) -> String {
    let mut s = String::with_capacity(35);
    ts_into(t, &mut s);
    s
}

/// [`ts`] into `out`: the writer formats one per scan, and chrono's general formatter (and
/// a new string each time) cost more than the digits themselves. The same text as
/// `to_rfc3339_opts(SecondsFormat::AutoSi, false)`, which it falls back to for years
/// outside 0–9999 and leap seconds.
fn ts_into(t: DateTime<Utc>, out: &mut String) {
    use chrono::{Datelike, Timelike};
    let (year, nanos) = (t.year(), t.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        out.push_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, false));
        return;
    }
    // Digits of `v`, `width` of them, at `b[at..]`.
    fn put(b: &mut [u8; 35], at: usize, v: u32, width: usize) {
        let mut v = v;
        for i in (at..at + width).rev() {
            b[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    let mut b = *b"0000-00-00T00:00:00.000000000+00:00";
    put(&mut b, 0, year as u32, 4);
    put(&mut b, 5, t.month(), 2);
    put(&mut b, 8, t.day(), 2);
    put(&mut b, 11, t.hour(), 2);
    put(&mut b, 14, t.minute(), 2);
    put(&mut b, 17, t.second(), 2);
    let mut n = 19;
    if nanos != 0 {
        n = if nanos % 1_000_000 == 0 {
            put(&mut b, 20, nanos / 1_000_000, 3);
            23
        } else if nanos % 1_000 == 0 {
            put(&mut b, 20, nanos / 1_000, 6);
            26
        } else {
            put(&mut b, 20, nanos, 9);
            29
        };
    }
    b[n..n + 6].copy_from_slice(b"+00:00");
    n += 6;
    out.push_str(std::str::from_utf8(&b[..n]).expect("ASCII digits"));
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

/// WAL pages between automatic checkpoints: about 40 MiB whatever the page size.
fn checkpoint_pages(page_size: i64) -> i64 {
    (40 << 20) / page_size.max(512)
}

impl ScanWriter {
    pub fn open(path: &Path, full_sync: bool) -> StoreResult<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(
            None,
            "synchronous",
            if full_sync { "FULL" } else { "NORMAL" },
        )?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Every scan dirties a random page of `code_state` and of the events' code index,
        // so the writer's working set is those two b-trees: a page cache that holds them
        // (64 MiB, used as needed) saves re-reading and spilling pages mid-transaction, and
        // checkpointing after about 40 MiB of WAL (10,240 pages of 4 KiB, 2,560 of 16 KiB)
        // instead of SQLite's 1,000 pages copies a page dirtied by several writes back to
        // the database once.
        conn.pragma_update(None, "cache_size", -65536)?;
        let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", checkpoint_pages(page_size))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }
}

#[async_trait]
impl ScanBatchWriter for ScanWriter {
    async fn write(
        &self,
        events: &[NewScanEvent],
        deltas: &[ScanDelta],
        daily: &[DailyCount],
    ) -> StoreResult<Vec<CodeState>> {
        let conn = self.conn.clone();
        let (events, deltas, daily) = (events.to_vec(), deltas.to_vec(), daily.to_vec());
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            write(&mut conn, &events, &deltas, &daily).map_err(StoreError::from)
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
        let mut at = String::with_capacity(35);
        for e in events {
            at.clear();
            ts_into(e.at, &mut at);
            insert.execute(params![
                at.as_str(),
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
    // Per code: read its row, then update it or insert it. (An upsert with `RETURNING`
    // would be one statement, but SQLite gathers `RETURNING` rows in a temporary table it
    // builds and drops on every execution, which cost more than the second statement.)
    let mut rows = Vec::with_capacity(deltas.len());
    {
        let mut get = tx.prepare_cached(
            "SELECT seq, batch_id, scan_count, first_scan_at, last_scan_at, pin_ok_count, \
             first_pin_ok_at, pin_networks, pin_wrong_total, pin_wrong_streak, locked_until, \
             scan_networks FROM code_state WHERE seq = ?1",
        )?;
        let mut update = tx.prepare_cached(
            "UPDATE code_state SET scan_count = ?2, first_scan_at = ?3, last_scan_at = ?4 \
             WHERE seq = ?1",
        )?;
        let mut update_all = tx.prepare_cached(
            "UPDATE code_state SET scan_count = ?2, first_scan_at = ?3, last_scan_at = ?4, \
             batch_id = ?5, scan_networks = ?6 WHERE seq = ?1",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO code_state (seq, batch_id, scan_count, first_scan_at, last_scan_at, \
             scan_networks) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for d in deltas {
            let row = get.query_row(params![d.seq], state_of).optional()?;
            let row = match row {
                Some(mut row) => {
                    row.scan_count += d.count;
                    row.first_scan_at =
                        Some(row.first_scan_at.map_or(d.first_at, |t| t.min(d.first_at)));
                    row.last_scan_at = Some(d.last_at);
                    let first = row.first_scan_at.map(ts);
                    let new_batch = row.batch_id.is_none() && d.batch_id.is_some();
                    if new_batch {
                        row.batch_id = d.batch_id;
                    }
                    // Most scans come from a network the code has already been scanned
                    // from: then only the counts and times change.
                    if merge_networks(&mut row.scan_networks, &d.networks) || new_batch {
                        update_all.execute(params![
                            d.seq,
                            row.scan_count,
                            first,
                            ts(d.last_at),
                            row.batch_id,
                            row.scan_networks.join(" ")
                        ])?;
                    } else {
                        update.execute(params![d.seq, row.scan_count, first, ts(d.last_at)])?;
                    }
                    row
                }
                None => {
                    let mut networks = Vec::new();
                    merge_networks(&mut networks, &d.networks);
                    insert.execute(params![
                        d.seq,
                        d.batch_id,
                        d.count,
                        ts(d.first_at),
                        ts(d.last_at),
                        networks.join(" ")
                    ])?;
                    CodeState {
                        seq: d.seq,
                        batch_id: d.batch_id,
                        scan_count: d.count,
                        first_scan_at: Some(d.first_at),
                        last_scan_at: Some(d.last_at),
                        pin_ok_count: 0,
                        first_pin_ok_at: None,
                        pin_networks: Vec::new(),
                        pin_wrong_total: 0,
                        pin_wrong_streak: 0,
                        locked_until: None,
                        scan_networks: networks,
                    }
                }
            };
            rows.push(row);
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

/// A `code_state` row as the writer's `SELECT` lists its columns.
fn state_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<CodeState> {
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
        scan_networks: r
            .get::<_, String>(11)?
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone, Timelike};

    #[test]
    fn timestamps_are_written_as_chrono_writes_them() {
        let base = Utc.with_ymd_and_hms(2026, 12, 1, 3, 4, 5).unwrap();
        let mut times = vec![
            base,
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-5, 6, 7, 8, 9, 10).unwrap(),
        ];
        // Whole seconds, milliseconds, microseconds, nanoseconds, and a leap second.
        for nanos in [0, 7_000_000, 120_000, 602_976_000, 1, 999_999_999] {
            times.push(base.with_nanosecond(nanos).unwrap());
        }
        let leap = Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 59).unwrap();
        times.push(leap.with_nanosecond(1_500_000_000).unwrap());
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let secs = (x % 4_000_000_000) as i64;
            let nanos = ((x >> 32) % 1_000_000_000) as u32;
            let nanos = match x % 4 {
                0 => 0,
                1 => nanos / 1_000_000 * 1_000_000,
                2 => nanos / 1_000 * 1_000,
                _ => nanos,
            };
            times.push(Utc.timestamp_opt(secs, nanos).unwrap());
        }
        let mut buf = String::new();
        for t in times {
            let expected = t.to_rfc3339_opts(SecondsFormat::AutoSi, false);
            assert_eq!(ts(t), expected);
            buf.clear();
            ts_into(t, &mut buf);
            assert_eq!(buf, expected);
            if (1000..=9999).contains(&t.year()) && t.nanosecond() < 1_000_000_000 {
                assert_eq!(parse_ts(Some(buf.clone())).unwrap(), Some(t), "{buf}");
            }
        }
    }

    #[test]
    fn the_writer_checkpoints_after_about_40_mib_whatever_the_page_size() {
        for (page_size, pages) in [(4096, 10_240), (16_384, 2_560)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("w.db");
            Connection::open(&path)
                .unwrap()
                .execute_batch(&format!(
                    "PRAGMA page_size = {page_size}; PRAGMA journal_mode = WAL; CREATE TABLE t (x);"
                ))
                .unwrap();
            let w = ScanWriter::open(&path, false).unwrap();
            let conn = w.conn.lock().unwrap();
            let got: i64 = conn
                .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
                .unwrap();
            assert_eq!(got, pages, "page size {page_size}");
            assert_eq!(got * page_size, 40 << 20);
        }
    }
}
