-- +goose Up
-- 机构职能 (条例第二十条): each organ's 负责人, 办公电话 and 办公地址, shown
-- on the portal's 机构职能 column when set. Public facts of the organ, not
-- personal data of an applicant: stored in clear.
ALTER TABLE departments ADD COLUMN head TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- The 政策文件库 lists the genres marked as policy (news, data and
-- internal 公文 are not). The genres a store already has are marked as the
-- default list marks them (publish.DefaultGenres).
ALTER TABLE genres ADD COLUMN policy BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE genres SET policy = TRUE WHERE code IN ('jueyi', 'jueding', 'mingling', 'gonggao', 'tonggao', 'yijian',
    'tongzhi', 'pifu', 'guizhang', 'guifanxing', 'guihua', 'jiedu', 'tujie');

-- The listing projection carries the row's policy flag, with the index the
-- policy library's pages range over; its counts get the policy facets. The
-- projection is rebuilt once (public_state) through the store's one
-- function, which also lists a 图解 interpretation under the 图解 genre.
ALTER TABLE public_docs ADD COLUMN policy BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX public_docs_policy ON public_docs (portal, policy, published_on, doc_id);
-- The library's theme filter (a second-level theme or a group).
CREATE INDEX public_docs_policy_theme ON public_docs (portal, policy, theme, published_on, doc_id);
CREATE INDEX public_docs_policy_theme_top ON public_docs (portal, policy, theme_top, published_on, doc_id);
UPDATE public_state SET built = FALSE WHERE id = 1;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
