//! The SQL of the transparency log. Compiled into each backend by `crate::sql` (through
//! `#[path]`), so `super` is that backend's `sql` module.

use super::{Backend, Db, SqlTx, BACKEND};
use crate::error::{StoreError, StoreResult};
use crate::log::{
    hash_of, idx, BuildLeaf, LogEntry, LogTx, NewLogEntry, StoredCheckpoint, StoredCosignature,
};
use crate::shared::At;
use async_trait::async_trait;
use rongma_tlog::{FetchedHashes, Hash};

type EntryRow = (i64, String, String, Vec<u8>, At);
type CheckpointRow = (i64, Vec<u8>, String, At);

const ENTRY_COLS: &str = "SELECT idx, kind, subject, entry, created_at FROM log_entries";
/// Rows per multi-row insert (5 parameters an entry, 2 a hash: below both drivers' limits).
const ENTRY_CHUNK: usize = 1_000;
const HASH_CHUNK: usize = 4_000;

fn entry(row: EntryRow) -> LogEntry {
    let (index, kind, subject, entry, created_at) = row;
    LogEntry {
        index: index as u64,
        kind,
        subject,
        entry,
        created_at,
    }
}

fn checkpoint(row: CheckpointRow) -> StoreResult<StoredCheckpoint> {
    let (size, root, note, signed_at) = row;
    Ok(StoredCheckpoint {
        size: size as u64,
        root: hash_of(&root, "a checkpoint's root")?,
        note,
        signed_at,
    })
}

fn too_large(what: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "{what}: the tree maths refused (stored hashes missing?)"
    ))
}

/// The index the next append on SQLite probably gets (the last append's plus one; a
/// process with several databases guesses wrong sometimes, which costs one read).
static NEXT_INDEX: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A row of an append's read: (index, hash or entry bytes, tag: 0 hash, 1 previous entry,
/// 2 the index taken).
type ReadRow = (i64, Option<Vec<u8>>, i32);

/// The stored hashes at `wanted` (tag 0) and `subject`'s latest entry (tag 1), one query.
fn push_append_reads(
    qb: &mut sqlx::QueryBuilder<'_, Db>,
    wanted: &[u64],
    subject: &str,
) -> StoreResult<()> {
    if !wanted.is_empty() {
        qb.push("SELECT idx, hash AS b, 0 AS tag FROM log_hashes WHERE idx IN (");
        let mut sep = qb.separated(", ");
        for &i in wanted {
            sep.push_bind(idx(i)?);
        }
        qb.push(") UNION ALL ");
    }
    qb.push("SELECT * FROM (SELECT idx, entry AS b, 1 AS tag FROM log_entries WHERE subject = ");
    qb.push_bind(subject.to_owned());
    qb.push(" ORDER BY idx DESC LIMIT 1) AS previous");
    Ok(())
}

impl SqlTx {
    async fn append_reads(&mut self, n: u64, subject: &str) -> StoreResult<Vec<ReadRow>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new("");
        push_append_reads(&mut qb, &rongma_tlog::append_reads(n), subject)?;
        Ok(qb.build_query_as().fetch_all(&mut *self.tx).await?)
    }

    /// Takes `n` indexes from the head (locking it); returns the old size.
    async fn take_indexes(&mut self, n: u64) -> StoreResult<u64> {
        let new: i64 =
            sqlx::query_scalar("UPDATE log_head SET size = size + $1 WHERE id = 1 RETURNING size")
                .bind(idx(n)?)
                .fetch_one(&mut *self.tx)
                .await?;
        Ok(new as u64 - n)
    }

    async fn fetch(&mut self, indexes: &[u64]) -> StoreResult<FetchedHashes> {
        let hashes = self.log_hashes(indexes).await?;
        FetchedHashes::from_reads(indexes, &hashes)
            .ok_or_else(|| StoreError::Corrupt("stored hashes read back short".into()))
    }

    async fn insert_entries(
        &mut self,
        first: u64,
        entries: &[NewLogEntry],
        at: At,
    ) -> StoreResult<()> {
        for (c, chunk) in entries.chunks(ENTRY_CHUNK).enumerate() {
            let base = first + (c * ENTRY_CHUNK) as u64;
            let mut qb = sqlx::QueryBuilder::<Db>::new(
                "INSERT INTO log_entries (idx, kind, subject, entry, created_at) ",
            );
            qb.push_values(chunk.iter().enumerate(), |mut b, (i, e)| {
                b.push_bind((base + i as u64) as i64)
                    .push_bind(e.kind.as_str())
                    .push_bind(e.subject.as_str())
                    .push_bind(e.entry.as_slice())
                    .push_bind(at);
            });
            qb.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    async fn insert_hashes(&mut self, first: u64, hashes: &[Hash]) -> StoreResult<()> {
        for (c, chunk) in hashes.chunks(HASH_CHUNK).enumerate() {
            let base = first + (c * HASH_CHUNK) as u64;
            let mut qb = sqlx::QueryBuilder::<Db>::new("INSERT INTO log_hashes (idx, hash) ");
            qb.push_values(chunk.iter().enumerate(), |mut b, (i, h)| {
                b.push_bind((base + i as u64) as i64)
                    .push_bind(h.0.as_slice());
            });
            qb.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl LogTx for SqlTx {
    async fn append_log_entry(&mut self, e: &NewLogEntry, at: At) -> StoreResult<u64> {
        let leaf = rongma_tlog::Entry::from_bytes(e.entry.clone())
            .map_err(|err| StoreError::Constraint(err.to_string()))?
            .leaf_hash();
        let n = self.take_indexes(1).await?;
        let reads = self.fetch(&rongma_tlog::append_reads(n)).await?;
        let new = rongma_tlog::append(n, leaf, &reads).map_err(|_| too_large("append"))?;
        self.insert_entries(n, std::slice::from_ref(e), at).await?;
        self.insert_hashes(new.first_index, &new.hashes).await?;
        Ok(n)
    }

    async fn append_subject_entry(
        &mut self,
        kind: &str,
        subject: &str,
        build: &BuildLeaf<'_>,
        at: At,
    ) -> StoreResult<u64> {
        // SQLite (one writer, `BEGIN IMMEDIATE`: what we read is current) takes the index
        // and reads for the predicted index in one query; a wrong guess costs one more read.
        // PostgreSQL reads after the head row is locked, so it sees the last append.
        let (n, rows) = if BACKEND == Backend::Sqlite {
            let guess = NEXT_INDEX.load(std::sync::atomic::Ordering::Relaxed);
            let mut qb = sqlx::QueryBuilder::<Db>::new(
                "UPDATE log_head SET size = size + 1 WHERE id = 1 RETURNING size - 1, NULL, 2; ",
            );
            push_append_reads(&mut qb, &rongma_tlog::append_reads(guess), subject)?;
            let mut rows: Vec<ReadRow> = qb.build_query_as().fetch_all(&mut *self.tx).await?;
            let at = rows.iter().position(|r| r.2 == 2).ok_or_else(|| {
                StoreError::Corrupt("the log head update returned nothing".into())
            })?;
            let n = rows.swap_remove(at).0 as u64;
            if n != guess {
                rows = self.append_reads(n, subject).await?;
            }
            (n, rows)
        } else {
            let n = self.take_indexes(1).await?;
            (n, self.append_reads(n, subject).await?)
        };
        NEXT_INDEX.store(n + 1, std::sync::atomic::Ordering::Relaxed);
        let wanted = rongma_tlog::append_reads(n);
        let mut found = std::collections::HashMap::with_capacity(wanted.len());
        let mut previous = None;
        for (i, b, tag) in &rows {
            let b = b.as_deref().unwrap_or_default();
            if *tag == 1 {
                previous = Some((*i as u64, b));
            } else {
                found.insert(*i as u64, hash_of(b, "a stored hash")?);
            }
        }
        let hashes = wanted
            .iter()
            .map(|i| {
                found
                    .get(i)
                    .copied()
                    .ok_or_else(|| StoreError::Corrupt(format!("stored hash {i} is missing")))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let reads = FetchedHashes::from_reads(&wanted, &hashes)
            .ok_or_else(|| StoreError::Corrupt("stored hashes read back short".into()))?;
        let bytes = build(previous)?;
        let leaf = rongma_tlog::Entry::from_bytes(bytes)
            .map_err(|err| StoreError::Constraint(err.to_string()))?;
        let new =
            rongma_tlog::append(n, leaf.leaf_hash(), &reads).map_err(|_| too_large("append"))?;
        let bytes = leaf.into_bytes();
        // One write: the entry and its new stored hashes (PostgreSQL: a data-modifying
        // CTE; SQLite: two statements in one query, one trip to the database thread).
        let mut qb = sqlx::QueryBuilder::<Db>::new(if BACKEND == Backend::Postgres {
            "WITH e AS (INSERT INTO log_entries (idx, kind, subject, entry, created_at) VALUES ("
        } else {
            "INSERT INTO log_entries (idx, kind, subject, entry, created_at) VALUES ("
        });
        {
            let mut sep = qb.separated(", ");
            sep.push_bind(idx(n)?)
                .push_bind(kind)
                .push_bind(subject)
                .push_bind(bytes.as_slice())
                .push_bind(at);
        }
        qb.push(if BACKEND == Backend::Postgres {
            ")) INSERT INTO log_hashes (idx, hash) "
        } else {
            "); INSERT INTO log_hashes (idx, hash) "
        });
        qb.push_values(new.hashes.iter().enumerate(), |mut b, (i, h)| {
            b.push_bind((new.first_index + i as u64) as i64)
                .push_bind(h.0.as_slice());
        });
        qb.build().execute(&mut *self.tx).await?;
        Ok(n)
    }

    async fn append_log_entries(&mut self, entries: &[NewLogEntry], at: At) -> StoreResult<u64> {
        let mut leaves = Vec::with_capacity(entries.len());
        for e in entries {
            if e.entry.len() > rongma_tlog::MAX_ENTRY_LEN {
                return Err(StoreError::Constraint(format!(
                    "log entry of {} bytes is over 65535",
                    e.entry.len()
                )));
            }
            leaves.push(rongma_tlog::leaf_hash(&e.entry));
        }
        let n = self.take_indexes(entries.len() as u64).await?;
        if entries.is_empty() {
            return Ok(n);
        }
        let reads = self.fetch(&rongma_tlog::Appender::reads(n)).await?;
        let mut appender =
            rongma_tlog::Appender::resume(n, &reads).map_err(|_| too_large("bulk append"))?;
        let new = appender.append(&leaves);
        self.insert_entries(n, entries, at).await?;
        self.insert_hashes(new.first_index, &new.hashes).await?;
        Ok(n)
    }

    async fn log_size(&mut self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT size FROM log_head WHERE id = 1")
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(n as u64)
    }

    async fn lock_log(&mut self) -> StoreResult<u64> {
        self.take_indexes(0).await
    }

    async fn log_entries(&mut self, start: u64, end: u64) -> StoreResult<Vec<LogEntry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(&format!(
            "{ENTRY_COLS} WHERE idx >= $1 AND idx < $2 ORDER BY idx"
        ))
        .bind(idx(start)?)
        .bind(idx(end)?)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.into_iter().map(entry).collect())
    }

    async fn log_entry(&mut self, index: u64) -> StoreResult<Option<LogEntry>> {
        let row: Option<EntryRow> = sqlx::query_as(&format!("{ENTRY_COLS} WHERE idx = $1"))
            .bind(idx(index)?)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.map(entry))
    }

    async fn recent_log_entries(&mut self, limit: i64, offset: i64) -> StoreResult<Vec<LogEntry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(&format!(
            "{ENTRY_COLS} ORDER BY idx DESC LIMIT $1 OFFSET $2"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.into_iter().map(entry).collect())
    }

    async fn latest_log_entry_for(&mut self, subject: &str) -> StoreResult<Option<LogEntry>> {
        let row: Option<EntryRow> = sqlx::query_as(&format!(
            "{ENTRY_COLS} WHERE subject = $1 ORDER BY idx DESC LIMIT 1"
        ))
        .bind(subject)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(entry))
    }

    async fn log_hashes(&mut self, indexes: &[u64]) -> StoreResult<Vec<Hash>> {
        if indexes.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = std::collections::HashMap::with_capacity(indexes.len());
        for chunk in indexes.chunks(HASH_CHUNK) {
            let mut qb =
                sqlx::QueryBuilder::<Db>::new("SELECT idx, hash FROM log_hashes WHERE idx IN (");
            let mut sep = qb.separated(", ");
            for &i in chunk {
                sep.push_bind(idx(i)?);
            }
            qb.push(")");
            let rows: Vec<(i64, Vec<u8>)> = qb.build_query_as().fetch_all(&mut *self.tx).await?;
            for (i, h) in rows {
                found.insert(i as u64, hash_of(&h, "a stored hash")?);
            }
        }
        indexes
            .iter()
            .map(|i| {
                found
                    .get(i)
                    .copied()
                    .ok_or_else(|| StoreError::Corrupt(format!("stored hash {i} is missing")))
            })
            .collect()
    }

    async fn log_hash_range(&mut self, start: u64, end: u64) -> StoreResult<Vec<Hash>> {
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT idx, hash FROM log_hashes WHERE idx >= $1 AND idx < $2 ORDER BY idx",
        )
        .bind(idx(start)?)
        .bind(idx(end)?)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (n, (i, h)) in rows.into_iter().enumerate() {
            if i as u64 != start + n as u64 {
                return Err(StoreError::Corrupt(format!(
                    "stored hash {} is missing",
                    start + n as u64
                )));
            }
            out.push(hash_of(&h, "a stored hash")?);
        }
        Ok(out)
    }

    async fn latest_checkpoint(&mut self) -> StoreResult<Option<StoredCheckpoint>> {
        let row: Option<CheckpointRow> = sqlx::query_as(
            "SELECT size, root, note, signed_at FROM log_checkpoints ORDER BY size DESC LIMIT 1",
        )
        .fetch_optional(&mut *self.tx)
        .await?;
        row.map(checkpoint).transpose()
    }

    async fn checkpoint_at(&mut self, size: u64) -> StoreResult<Option<StoredCheckpoint>> {
        let row: Option<CheckpointRow> = sqlx::query_as(
            "SELECT size, root, note, signed_at FROM log_checkpoints WHERE size = $1",
        )
        .bind(idx(size)?)
        .fetch_optional(&mut *self.tx)
        .await?;
        row.map(checkpoint).transpose()
    }

    async fn insert_checkpoint(&mut self, c: &StoredCheckpoint) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO log_checkpoints (size, root, note, signed_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(idx(c.size)?)
        .bind(c.root.0.as_slice())
        .bind(&c.note)
        .bind(c.signed_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn put_cosignature(&mut self, c: &StoredCosignature) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO log_cosignatures (size, witness, line, received_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, \
             received_at = excluded.received_at",
        )
        .bind(idx(c.size)?)
        .bind(&c.witness)
        .bind(&c.line)
        .bind(c.received_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn cosignatures(&mut self, size: u64) -> StoreResult<Vec<StoredCosignature>> {
        let rows: Vec<(i64, String, String, At)> = sqlx::query_as(
            "SELECT size, witness, line, received_at FROM log_cosignatures WHERE size = $1 \
             ORDER BY witness",
        )
        .bind(idx(size)?)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(size, witness, line, received_at)| StoredCosignature {
                size: size as u64,
                witness,
                line,
                received_at,
            })
            .collect())
    }
}
