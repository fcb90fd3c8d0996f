-- Code batches (信息码 + 防伪码). A batch of N codes is ONE row: the key id it was issued
-- with and the range [seq_start, seq_start + quantity) it took from the global `code_seq`
-- counter. Serials and PINs are derived from those when exported or scanned, never stored.
-- Per-code rows exist only once something happens to a code (here: revocations).

CREATE TABLE code_batches (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL CONSTRAINT fk_code_batches_enterprise REFERENCES enterprises (id),
    certificate_id  INTEGER NOT NULL CONSTRAINT fk_code_batches_certificate REFERENCES certificates (id),
    product_id      INTEGER NOT NULL CONSTRAINT fk_code_batches_product REFERENCES products (id),
    key_id          TEXT NOT NULL CONSTRAINT ck_code_batches_key_id CHECK (length(key_id) = 1),
    seq_start       INTEGER NOT NULL CONSTRAINT ck_code_batches_seq_start CHECK (seq_start >= 0),
    quantity        INTEGER NOT NULL CONSTRAINT ck_code_batches_quantity CHECK (quantity > 0),
    lot_no          TEXT NOT NULL,
    production_date TEXT NOT NULL,
    -- JSON: [{"size", "fill_weight_g", "quantity"}] in sequence order; [] = no breakdown.
    -- Fill weights are copied from the product when issued: tags print what was declared then.
    sizes           TEXT NOT NULL,
    gtin            TEXT,  -- GTIN-14 for GS1 Digital Link URLs; NULL = short URLs
    revoked_count   INTEGER NOT NULL DEFAULT 0,  -- codes revoked by range and serial revocations
    revoked_at      TEXT,  -- set when the whole batch is revoked
    revoked_reason  TEXT,
    revoked_by      TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CONSTRAINT uq_code_batches_seq_start UNIQUE (seq_start)
);
-- A scan finds the batch of a sequence number with one probe of uq_code_batches_seq_start:
--   WHERE seq_start <= $seq ORDER BY seq_start DESC LIMIT 1, then seq < seq_start + quantity.
CREATE INDEX ix_code_batches_certificate ON code_batches (certificate_id);
CREATE INDEX ix_code_batches_enterprise ON code_batches (enterprise_id, created_at);

-- Revoked ranges of a batch (a lost or stolen single tag is a range of one). Ranges of one
-- batch never overlap (the app checks under the batch's row lock), so the revocation of a
-- sequence number is found with one probe: seq_first <= $seq ORDER BY seq_first DESC LIMIT 1.
CREATE TABLE code_revocations (
    id         INTEGER PRIMARY KEY,
    batch_id   INTEGER NOT NULL CONSTRAINT fk_code_revocations_batch REFERENCES code_batches (id),
    scope      TEXT NOT NULL CONSTRAINT ck_code_revocations_scope CHECK (scope IN ('range', 'serial')),
    seq_first  INTEGER NOT NULL,
    seq_last   INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    revoked_by TEXT NOT NULL,
    revoked_at TEXT NOT NULL,
    CONSTRAINT ck_code_revocations_order CHECK (seq_first <= seq_last)
);
CREATE INDEX ix_code_revocations_batch ON code_revocations (batch_id, seq_first);

-- Revocations are final: what a scan showed yesterday must stay explainable.
CREATE TRIGGER tr_code_revocations_no_update BEFORE UPDATE ON code_revocations
BEGIN
    SELECT RAISE(ABORT, 'code revocations are append-only');
END;
CREATE TRIGGER tr_code_revocations_no_delete BEFORE DELETE ON code_revocations
BEGIN
    SELECT RAISE(ABORT, 'code revocations are append-only');
END;
