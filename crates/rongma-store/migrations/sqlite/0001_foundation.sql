-- Foundation: the registry (enterprises, brands, products, labs), accounts (users,
-- sessions, API keys) and the append-only history of every change.
-- Timestamps are RFC 3339 text in UTC; decimals are exact decimal text.
-- Constraint names match the PostgreSQL migration so errors map the same way.

CREATE TABLE enterprises (
    id                   INTEGER PRIMARY KEY,
    credit_code          TEXT NOT NULL CONSTRAINT uq_enterprises_credit_code UNIQUE,
    name                 TEXT NOT NULL,
    address              TEXT NOT NULL,
    legal_representative TEXT NOT NULL,
    contact_name         TEXT,
    contact_phone        TEXT,
    pilot_status         TEXT NOT NULL
        CONSTRAINT ck_enterprises_pilot_status CHECK (pilot_status IN ('applied', 'member', 'suspended')),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    archived_at          TEXT
);
CREATE INDEX ix_enterprises_name ON enterprises (name);

CREATE TABLE brands (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL CONSTRAINT fk_brands_enterprise REFERENCES enterprises (id),
    name          TEXT NOT NULL,
    trademark_no  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    archived_at   TEXT,
    CONSTRAINT uq_brands_enterprise_name UNIQUE (enterprise_id, name)
);

-- Sizes are a value of the product (an ordered list of size and declared fill weight),
-- kept as JSON so a product and its sizes are always read and written together.
CREATE TABLE products (
    id                        INTEGER PRIMARY KEY,
    enterprise_id             INTEGER NOT NULL CONSTRAINT fk_products_enterprise REFERENCES enterprises (id),
    brand_id                  INTEGER NOT NULL CONSTRAINT fk_products_brand REFERENCES brands (id),
    style_no                  TEXT NOT NULL,
    name                      TEXT NOT NULL,
    species                   TEXT NOT NULL CONSTRAINT ck_products_species CHECK (species IN ('duck', 'goose')),
    colour                    TEXT NOT NULL CONSTRAINT ck_products_colour CHECK (colour IN ('white', 'grey')),
    declared_down_cluster_pct TEXT NOT NULL,
    sizes                     TEXT NOT NULL,
    shell_fabric              TEXT NOT NULL,
    standard                  TEXT NOT NULL,
    gtin                      TEXT CONSTRAINT uq_products_gtin UNIQUE,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    archived_at               TEXT,
    CONSTRAINT uq_products_enterprise_style_no UNIQUE (enterprise_id, style_no)
);
CREATE INDEX ix_products_brand ON products (brand_id);

CREATE TABLE labs (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    address          TEXT,
    cma_no           TEXT NOT NULL CONSTRAINT uq_labs_cma_no UNIQUE,
    cma_valid_from   TEXT NOT NULL,
    cma_valid_until  TEXT NOT NULL,
    cnas_no          TEXT,
    cnas_valid_from  TEXT,
    cnas_valid_until TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    archived_at      TEXT
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL CONSTRAINT uq_users_username UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL
        CONSTRAINT ck_users_role CHECK (role IN ('regulator', 'reviewer', 'inspector', 'enterprise', 'lab')),
    enterprise_id INTEGER CONSTRAINT fk_users_enterprise REFERENCES enterprises (id),
    lab_id        INTEGER CONSTRAINT fk_users_lab REFERENCES labs (id),
    active        BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_login_at TEXT,
    -- An enterprise user belongs to exactly one enterprise, a lab user to one lab.
    CONSTRAINT ck_users_binding CHECK (
        (role = 'enterprise' AND enterprise_id IS NOT NULL AND lab_id IS NULL)
        OR (role = 'lab' AND lab_id IS NOT NULL AND enterprise_id IS NULL)
        OR (role IN ('regulator', 'reviewer', 'inspector') AND enterprise_id IS NULL AND lab_id IS NULL)
    )
);

-- Web and API sessions; only a hash of the token is kept.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL CONSTRAINT fk_sessions_user REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX ix_sessions_user ON sessions (user_id);

-- API keys for platforms and labs: shown once, stored as a hash, looked up by prefix.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    prefix       TEXT NOT NULL CONSTRAINT uq_api_keys_prefix UNIQUE,
    secret_hash  TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CONSTRAINT ck_api_keys_role CHECK (role IN ('platform', 'lab')),
    lab_id       INTEGER CONSTRAINT fk_api_keys_lab REFERENCES labs (id),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT,
    CONSTRAINT ck_api_keys_binding CHECK ((role = 'lab') = (lab_id IS NOT NULL))
);

-- The history: one row per state change, never updated or deleted.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    entity_type   TEXT NOT NULL,
    entity_id     INTEGER NOT NULL,
    enterprise_id INTEGER,
    action        TEXT NOT NULL,
    actor_kind    TEXT NOT NULL,
    actor_id      INTEGER NOT NULL,
    actor_name    TEXT NOT NULL,
    reason        TEXT,
    data          TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX ix_events_entity ON events (entity_type, entity_id, id);
CREATE INDEX ix_events_enterprise ON events (enterprise_id, id);

CREATE TRIGGER tr_events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER tr_events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
