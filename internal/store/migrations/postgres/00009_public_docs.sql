-- +goose Up
-- The public listing projection: one row per document that some public
-- list may show, with exactly what lists show, so a list page reads one
-- indexed range and no bodies. The store writes it (Tx.refreshPublic) in the
-- transaction of every change that can alter it; portal says whether
-- publicWhere admits the document (the portal), else it is listed only on
-- the kiosks of public_doc_points. Store.Migrate fills it for existing data
-- once (public_state.built) through the same function.
CREATE TABLE public_docs (
    doc_id           BIGINT  PRIMARY KEY REFERENCES documents(id),
    rev_id           BIGINT  NOT NULL,
    portal           BOOLEAN NOT NULL,
    index_number     TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    doc_number       TEXT    NOT NULL,
    keywords         TEXT    NOT NULL,
    summary          TEXT    NOT NULL,
    organs           TEXT    NOT NULL,
    written_on       TEXT    NOT NULL,
    published_on     TEXT    NOT NULL,
    effective_on     TEXT    NOT NULL,
    year             INTEGER NOT NULL,
    theme            TEXT    NOT NULL,
    theme_top        TEXT    NOT NULL,
    genre            TEXT    NOT NULL,
    validity         TEXT    NOT NULL,
    not_in_force     BOOLEAN NOT NULL,
    first_published  BIGINT  NOT NULL,
    last_published   BIGINT  NOT NULL
);
-- One index per list shape, each ending in the list order
-- (published_on DESC, doc_id DESC, read backwards).
CREATE INDEX public_docs_list ON public_docs (portal, published_on, doc_id);
CREATE INDEX public_docs_theme ON public_docs (portal, theme, published_on, doc_id);
CREATE INDEX public_docs_theme_top ON public_docs (portal, theme_top, published_on, doc_id);
CREATE INDEX public_docs_genre ON public_docs (portal, genre, published_on, doc_id);
CREATE INDEX public_docs_year ON public_docs (portal, year, published_on, doc_id);
CREATE INDEX public_docs_validity ON public_docs (portal, validity, published_on, doc_id);
CREATE INDEX public_docs_sitemap ON public_docs (portal, doc_id, index_number, published_on, last_published);

-- The portal rows' columns (each column and its parent, so a column's list
-- includes its direct children's items), catalog items and organs, and the
-- kiosk rows' points, each with the sort key so one index range is a page.
CREATE TABLE public_doc_columns (
    column_id     BIGINT NOT NULL,
    published_on  TEXT   NOT NULL,
    doc_id        BIGINT NOT NULL REFERENCES public_docs(doc_id),
    PRIMARY KEY (column_id, published_on, doc_id)
);
CREATE INDEX public_doc_columns_doc ON public_doc_columns (doc_id);
CREATE TABLE public_doc_catalog (
    item_id       BIGINT NOT NULL,
    published_on  TEXT   NOT NULL,
    doc_id        BIGINT NOT NULL REFERENCES public_docs(doc_id),
    PRIMARY KEY (item_id, published_on, doc_id)
);
CREATE INDEX public_doc_catalog_doc ON public_doc_catalog (doc_id);
CREATE TABLE public_doc_organs (
    dept_id       BIGINT NOT NULL,
    published_on  TEXT   NOT NULL,
    doc_id        BIGINT NOT NULL REFERENCES public_docs(doc_id),
    PRIMARY KEY (dept_id, published_on, doc_id)
);
CREATE INDEX public_doc_organs_doc ON public_doc_organs (doc_id);
CREATE TABLE public_doc_points (
    point_id      BIGINT NOT NULL,
    published_on  TEXT   NOT NULL,
    doc_id        BIGINT NOT NULL REFERENCES public_docs(doc_id),
    PRIMARY KEY (point_id, published_on, doc_id)
);
CREATE INDEX public_doc_points_doc ON public_doc_points (doc_id);

-- built: the projection has been filled for the data that existed before
-- it; total: the number of portal rows (the unfiltered list's count).
CREATE TABLE public_state (
    id     INTEGER PRIMARY KEY,
    built  BOOLEAN NOT NULL
);
INSERT INTO public_state (id, built) VALUES (1, FALSE);
-- How many documents each list holds, by facet (all, theme, theme_top,
-- genre, year, validity, column, catalog, organ, point) and key, so the
-- total of a one-filter list is one lookup, not a count of its rows. Kept
-- by the same transactions as the rows.
CREATE TABLE public_counts (
    facet  TEXT   NOT NULL,
    key    TEXT   NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (facet, key)
);

-- PublicStamp reads MAX(updated_at).
CREATE INDEX documents_updated ON documents (updated_at);

-- Maintenance looks up the published revisions that name an organ.
CREATE INDEX revision_organs_dept ON revision_organs (dept_id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
