-- The transparency log (docs/ARCHITECTURE.md, "The transparency log"): every decision is
-- one entry (canonical JSON, no personal data), appended in the decision's transaction;
-- the Merkle tree is kept as stored hashes (Go sumdb layout, RFC 6962 hashing) so proofs
-- and tiles need no recomputation; checkpoints are signed notes; witnesses cosign them.

-- One row: the log's size. Appenders update it (SQLite has one writer at a time), so
-- indexes are dense and every append sees the hashes of the one before.
CREATE TABLE log_head (
    id   INTEGER NOT NULL CONSTRAINT pk_log_head PRIMARY KEY CONSTRAINT ck_log_head_one CHECK (id = 1),
    size INTEGER NOT NULL CONSTRAINT ck_log_head_size CHECK (size >= 0)
);
INSERT INTO log_head (id, size) VALUES (1, 0);

CREATE TABLE log_entries (
    idx        INTEGER NOT NULL CONSTRAINT pk_log_entries PRIMARY KEY CONSTRAINT ck_log_entries_idx CHECK (idx >= 0),
    kind       TEXT NOT NULL,
    -- The subject the decision is about, e.g. `certificate:12`, `code_batch:3`.
    subject    TEXT NOT NULL,
    entry      BLOB NOT NULL CONSTRAINT ck_log_entries_len CHECK (length(entry) <= 65535),
    created_at TEXT NOT NULL
);
CREATE INDEX ix_log_entries_subject ON log_entries (subject, idx);

CREATE TABLE log_hashes (
    idx  INTEGER NOT NULL CONSTRAINT pk_log_hashes PRIMARY KEY,
    hash BLOB NOT NULL CONSTRAINT ck_log_hashes_len CHECK (length(hash) = 32)
);

CREATE TABLE log_checkpoints (
    size      INTEGER NOT NULL CONSTRAINT pk_log_checkpoints PRIMARY KEY,
    root      BLOB NOT NULL CONSTRAINT ck_log_checkpoints_root CHECK (length(root) = 32),
    -- The whole signed note as the log signed it (text, blank line, signature line).
    note      TEXT NOT NULL,
    signed_at TEXT NOT NULL
);

CREATE TABLE log_cosignatures (
    size        INTEGER NOT NULL CONSTRAINT fk_log_cosignatures_checkpoint REFERENCES log_checkpoints (size),
    -- `<name>+<hex key id>` of the witness key.
    witness     TEXT NOT NULL,
    line        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    CONSTRAINT pk_log_cosignatures PRIMARY KEY (size, witness)
) WITHOUT ROWID;

CREATE TRIGGER tr_log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER tr_log_entries_no_delete BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER tr_log_hashes_no_update BEFORE UPDATE ON log_hashes
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER tr_log_hashes_no_delete BEFORE DELETE ON log_hashes
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER tr_log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER tr_log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
