-- +goose Up
CREATE TABLE themes (
    code      TEXT    PRIMARY KEY,
    name      TEXT    NOT NULL,
    active    BOOLEAN NOT NULL DEFAULT TRUE,
    position  INTEGER NOT NULL
);

CREATE TABLE genres (
    code      TEXT    PRIMARY KEY,
    name      TEXT    NOT NULL,
    active    BOOLEAN NOT NULL DEFAULT TRUE,
    position  INTEGER NOT NULL
);

CREATE TABLE columns (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    parent_id  INTEGER REFERENCES columns(id),
    kind       TEXT    NOT NULL,
    dept_id    INTEGER REFERENCES departments(id),
    position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE catalog_items (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    area        TEXT    NOT NULL DEFAULT '',
    level1      TEXT    NOT NULL,
    level2      TEXT    NOT NULL DEFAULT '',
    content     TEXT    NOT NULL,
    basis       TEXT    NOT NULL DEFAULT '',
    time_limit  TEXT    NOT NULL DEFAULT '',
    subject     TEXT    NOT NULL DEFAULT '',
    channels    TEXT    NOT NULL DEFAULT '',
    audience    TEXT    NOT NULL,
    mode        TEXT    NOT NULL,
    level       TEXT    NOT NULL,
    dept_id     INTEGER REFERENCES departments(id),
    position    INTEGER NOT NULL DEFAULT 0
);

-- 公共查阅点 / 电子信息屏. The device key opens the point's kiosk page; only
-- its hash is stored.
CREATE TABLE points (
    id        INTEGER PRIMARY KEY,
    code      TEXT    NOT NULL UNIQUE,
    name      TEXT    NOT NULL,
    address   TEXT    NOT NULL DEFAULT '',
    hours     TEXT    NOT NULL DEFAULT '',
    dept_id   INTEGER REFERENCES departments(id),
    key_hash  TEXT    NOT NULL
);

-- Per-organ 索引号 rule; organs without a row use the default rule.
CREATE TABLE index_rules (
    dept_id  INTEGER PRIMARY KEY REFERENCES departments(id),
    pattern  TEXT   NOT NULL
);

-- The last sequence number given out per organ and year. Numbers are never
-- reused: the row only ever grows.
CREATE TABLE index_sequences (
    dept_id  INTEGER  NOT NULL REFERENCES departments(id),
    year     INTEGER NOT NULL,
    last     BIGINT  NOT NULL,
    PRIMARY KEY (dept_id, year)
);

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    index_number     TEXT    UNIQUE,
    dept_id          INTEGER  NOT NULL REFERENCES departments(id),
    published_rev    BIGINT  NOT NULL DEFAULT 0,
    open_rev         BIGINT  NOT NULL DEFAULT 0,
    withdrawn        TEXT    NOT NULL DEFAULT '',
    replaced_by      BIGINT  NOT NULL DEFAULT 0,
    validity         TEXT    NOT NULL DEFAULT 'valid',
    validity_on      TEXT    NOT NULL DEFAULT '',
    validity_link    BIGINT  NOT NULL DEFAULT 0,
    first_published  BIGINT  NOT NULL DEFAULT 0,
    last_published   BIGINT  NOT NULL DEFAULT 0,
    version          BIGINT  NOT NULL DEFAULT 1,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE TABLE revisions (
    id               INTEGER PRIMARY KEY,
    doc_id           INTEGER  NOT NULL REFERENCES documents(id),
    no               INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    doc_number       TEXT    NOT NULL DEFAULT '',
    written_on       TEXT    NOT NULL DEFAULT '',
    effective_on     TEXT    NOT NULL DEFAULT '',
    published_on     TEXT    NOT NULL DEFAULT '',
    theme            TEXT    NOT NULL DEFAULT '',
    genre            TEXT    NOT NULL DEFAULT '',
    keywords         TEXT    NOT NULL DEFAULT '',
    summary          TEXT    NOT NULL DEFAULT '',
    body             TEXT    NOT NULL DEFAULT '',
    attribute        TEXT    NOT NULL,
    withheld_reason  TEXT    NOT NULL DEFAULT '',
    classified       BOOLEAN NOT NULL DEFAULT FALSE,
    needs_interp     BOOLEAN NOT NULL DEFAULT FALSE,
    interprets       BIGINT  NOT NULL DEFAULT 0,
    interpret_form   TEXT    NOT NULL DEFAULT '',
    audience         TEXT    NOT NULL DEFAULT '',
    change_note      TEXT    NOT NULL DEFAULT '',
    author_id        INTEGER  NOT NULL REFERENCES users(id),
    reviewer_id      BIGINT  NOT NULL DEFAULT 0,
    review_note      TEXT    NOT NULL DEFAULT '',
    publish_at       BIGINT  NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    UNIQUE (doc_id, no)
);
CREATE INDEX revisions_state ON revisions (state);
CREATE INDEX revisions_interprets ON revisions (interprets);

CREATE TABLE revision_organs (
    rev_id    INTEGER NOT NULL REFERENCES revisions(id),
    dept_id   INTEGER NOT NULL REFERENCES departments(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (rev_id, dept_id)
);

CREATE TABLE revision_columns (
    rev_id     INTEGER NOT NULL REFERENCES revisions(id),
    column_id  INTEGER NOT NULL REFERENCES columns(id),
    PRIMARY KEY (rev_id, column_id)
);
CREATE INDEX revision_columns_column ON revision_columns (column_id);

CREATE TABLE revision_catalog (
    rev_id   INTEGER NOT NULL REFERENCES revisions(id),
    item_id  INTEGER NOT NULL REFERENCES catalog_items(id),
    PRIMARY KEY (rev_id, item_id)
);
CREATE INDEX revision_catalog_item ON revision_catalog (item_id);

CREATE TABLE revision_points (
    rev_id    INTEGER NOT NULL REFERENCES revisions(id),
    point_id  INTEGER NOT NULL REFERENCES points(id),
    PRIMARY KEY (rev_id, point_id)
);

-- Attachment bytes live in the database, so a backup of the store is a
-- backup of everything and a withheld file has no public path on disk.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER  NOT NULL REFERENCES documents(id),
    name        TEXT    NOT NULL,
    mime        TEXT    NOT NULL,
    size        BIGINT  NOT NULL,
    sha256      TEXT    NOT NULL,
    data        BLOB  NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE revision_attachments (
    rev_id         INTEGER NOT NULL REFERENCES revisions(id),
    attachment_id  INTEGER NOT NULL REFERENCES attachments(id),
    position       INTEGER NOT NULL,
    PRIMARY KEY (rev_id, attachment_id)
);

-- Editable static pages such as 政府信息公开指南, with their revision date.
CREATE TABLE pages (
    slug        TEXT    PRIMARY KEY,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    revised_on  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
