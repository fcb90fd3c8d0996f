-- Consumer complaints (消费维权), filed from a scan page. The consumer follows a ticket with
-- a key only they were given (stored as a hash); staff see the phone number masked.

CREATE TABLE complaints (
    id                      INTEGER PRIMARY KEY,
    ticket_no               TEXT NOT NULL CONSTRAINT uq_complaints_ticket_no UNIQUE,
    access_hash             TEXT NOT NULL,
    serial                  TEXT NOT NULL,
    genuine                 BOOLEAN NOT NULL,  -- the serial verified (check character and MAC)
    batch_id                INTEGER CONSTRAINT fk_complaints_batch REFERENCES code_batches (id),
    product_id              INTEGER CONSTRAINT fk_complaints_product REFERENCES products (id),
    enterprise_id           INTEGER CONSTRAINT fk_complaints_enterprise REFERENCES enterprises (id),
    category                TEXT NOT NULL
        CONSTRAINT ck_complaints_category CHECK (category IN ('grade_doubt', 'fill_weight', 'down_leakage', 'counterfeit', 'other')),
    description             TEXT NOT NULL,
    photo_key               TEXT,
    photo_type              TEXT,
    phone                   TEXT,
    network                 TEXT NOT NULL,  -- salted hash of the filer's /24 or /48 network
    status                  TEXT NOT NULL
        CONSTRAINT ck_complaints_status CHECK (status IN ('received', 'accepted', 'not_accepted', 'closed')),
    accept_due              TEXT NOT NULL,
    close_due               TEXT NOT NULL,
    assigned_to             TEXT,
    decision_note           TEXT,
    enterprise_response     TEXT,
    enterprise_responded_at TEXT,
    outcome                 TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX ix_complaints_status ON complaints (status, accept_due);
CREATE INDEX ix_complaints_enterprise ON complaints (enterprise_id, created_at);
CREATE INDEX ix_complaints_serial ON complaints (serial);
