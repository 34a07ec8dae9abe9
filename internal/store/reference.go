package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
)

// seedReference loads the initial taxonomies into empty tables. Later
// changes are the supervisor's, audited like any other change.
func (s *Store) seedReference(ctx context.Context) error {
	return s.update(ctx, "store.seedReference", func(tx *Tx) error {
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM themes").Scan(&n); err != nil {
			return translate(err)
		}
		if n == 0 {
			for i, t := range publish.DefaultThemes {
				if _, err := tx.exec("INSERT INTO themes (code, name, active, position) VALUES (?, ?, ?, ?)", t.Code, t.Name, t.Active, i); err != nil {
					return err
				}
			}
		}
		if err := tx.queryRow("SELECT COUNT(*) FROM genres").Scan(&n); err != nil {
			return translate(err)
		}
		if n == 0 {
			for i, g := range publish.DefaultGenres {
				if _, err := tx.exec("INSERT INTO genres (code, name, active, position, policy) VALUES (?, ?, ?, ?, ?)", g.Code, g.Name, g.Active, i, g.Policy); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Themes lists the 主题分类 tree in display order.
func (s *Store) Themes(ctx context.Context) ([]publish.Theme, error) {
	var out []publish.Theme
	err := s.queryAll(ctx, "store.Themes", "SELECT code, name, active FROM themes ORDER BY position, code", nil, func(rows *sql.Rows) error {
		out = append(out, publish.Theme{})
		t := &out[len(out)-1]
		return rows.Scan(&t.Code, &t.Name, &t.Active)
	})
	return out, err
}

// Genres lists the 体裁 in display order.
func (s *Store) Genres(ctx context.Context) ([]publish.Genre, error) {
	var out []publish.Genre
	err := s.queryAll(ctx, "store.Genres", "SELECT code, name, active, policy FROM genres ORDER BY position, code", nil, func(rows *sql.Rows) error {
		out = append(out, publish.Genre{})
		g := &out[len(out)-1]
		return rows.Scan(&g.Code, &g.Name, &g.Active, &g.Policy)
	})
	return out, err
}

// SaveTheme adds or renames a theme, or retires it (Active false). Codes
// are never reused for another meaning, so a theme is never deleted.
func (s *Store) SaveTheme(ctx context.Context, actor string, t publish.Theme) error {
	return s.saveTerm(ctx, actor, "themes", "theme", t.Code, t.Name, t.Active, func(tx *Tx) error {
		if p := t.Parent(); p != "" {
			var one int
			if err := tx.queryRow("SELECT 1 FROM themes WHERE code = ?", p).Scan(&one); err != nil {
				return invalid(notFound(translate(err), "theme_parent_not_found", "上级主题分类“"+p+"”不存在。"))
			}
		}
		return nil
	})
}

// SaveGenre adds, renames or retires a genre, and marks whether the
// 政策文件库 lists it. A change of the mark moves the genre's listed
// documents in or out of the library in the same transaction.
func (s *Store) SaveGenre(ctx context.Context, actor string, g publish.Genre) error {
	code := strings.TrimSpace(g.Code)
	var was bool
	return s.saveTerm(ctx, actor, "genres", "genre", g.Code, g.Name, g.Active, func(tx *Tx) error {
		err := tx.queryRow("SELECT policy FROM genres WHERE code = ?", code).Scan(&was)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return translate(err)
	}, func(tx *Tx, detail map[string]string) error {
		detail["policy"] = strconv.FormatBool(g.Policy)
		if _, err := tx.exec("UPDATE genres SET policy = ? WHERE code = ?", g.Policy, code); err != nil {
			return err
		}
		if was == g.Policy {
			return nil
		}
		return tx.refreshPublicWhere("SELECT doc_id FROM public_docs WHERE genre = ? ORDER BY doc_id", code)
	})
}

// saveTerm writes a theme or genre: check runs first, after (if any) once
// the row is written, with the audit event's detail to add to.
func (s *Store) saveTerm(ctx context.Context, actor, table, kind, code, name string, active bool, check func(*Tx) error, after ...func(*Tx, map[string]string) error) error {
	op := "store.Save" + kind
	code, name = strings.TrimSpace(code), strings.TrimSpace(name)
	if code == "" || len(code) > 20 || strings.ContainsAny(code, " \t/") || name == "" || len([]rune(name)) > 30 {
		return errs.New(errs.Invalid, op, "invalid_term", "编码不能为空（不超过 20 个字符、不含空格），名称不能为空（不超过 30 个字）。")
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		r, err := tx.exec("UPDATE "+table+" SET name = ?, active = ? WHERE code = ?", name, active, code)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			var pos int
			if err := tx.queryRow("SELECT COALESCE(MAX(position), 0) + 1 FROM " + table).Scan(&pos); err != nil {
				return translate(err)
			}
			if _, err := tx.exec("INSERT INTO "+table+" (code, name, active, position) VALUES (?, ?, ?, ?)", code, name, active, pos); err != nil {
				return err
			}
		}
		detail := map[string]string{"name": name, "active": strconv.FormatBool(active)}
		for _, f := range after {
			if err := f(tx, detail); err != nil {
				return err
			}
		}
		return tx.record(actor, kind+".save", kind+":"+code, detail)
	})
}

const columnColumns = "id, code, name, parent_id, kind, dept_id, position"

func scanColumn(sc interface{ Scan(...any) error }) (*publish.Column, error) {
	var c publish.Column
	var parent, dept sql.NullInt64
	if err := sc.Scan(&c.ID, &c.Code, &c.Name, &parent, &c.Kind, &dept, &c.Position); err != nil {
		return nil, translate(err)
	}
	c.ParentID, c.DeptID = parent.Int64, dept.Int64
	return &c, nil
}

// Columns lists all columns in display order.
func (s *Store) Columns(ctx context.Context) ([]*publish.Column, error) {
	var out []*publish.Column
	err := s.queryAll(ctx, "store.Columns", "SELECT "+columnColumns+" FROM columns ORDER BY position, code", nil, func(rows *sql.Rows) error {
		c, err := scanColumn(rows)
		out = append(out, c)
		return err
	})
	return out, err
}

// ColumnByCode returns one column.
func (s *Store) ColumnByCode(ctx context.Context, code string) (*publish.Column, error) {
	c, err := scanColumn(s.queryRow(ctx, "SELECT "+columnColumns+" FROM columns WHERE code = ?", code))
	return c, errs.Wrap("store.ColumnByCode", notFound(err, "column_not_found", "栏目不存在。"))
}

// SaveColumn creates a column (ID 0) or updates one.
func (s *Store) SaveColumn(ctx context.Context, actor string, c *publish.Column) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.SaveColumn", func(tx *Tx) error {
		if err := tx.checkDepartment(c.DeptID); err != nil {
			return err
		}
		for p, depth := c.ParentID, 0; p != 0; depth++ {
			if p == c.ID || depth > 16 {
				return errs.New(errs.Invalid, "store.SaveColumn", "column_cycle", "上级栏目不能是本栏目或其下级栏目。")
			}
			var next sql.NullInt64
			if err := tx.queryRow("SELECT parent_id FROM columns WHERE id = ?", p).Scan(&next); err != nil {
				return notFound(translate(err), "parent_not_found", "上级栏目不存在。")
			}
			p = next.Int64
		}
		if c.ID == 0 {
			id, err := tx.insert("INSERT INTO columns (code, name, parent_id, kind, dept_id, position) VALUES (?, ?, ?, ?, ?, ?)",
				c.Code, c.Name, nullID(c.ParentID), string(c.Kind), nullID(c.DeptID), c.Position)
			if err != nil {
				return duplicate(err, "column_code_taken", "栏目编码“"+c.Code+"”已被使用。")
			}
			c.ID = id
		} else {
			var parent sql.NullInt64
			if err := tx.queryRow("SELECT parent_id FROM columns WHERE id = ?", c.ID).Scan(&parent); err != nil {
				return notFound(translate(err), "column_not_found", "栏目不存在。")
			}
			if _, err := tx.exec("UPDATE columns SET name = ?, parent_id = ?, kind = ?, dept_id = ?, position = ? WHERE id = ?",
				c.Name, nullID(c.ParentID), string(c.Kind), nullID(c.DeptID), c.Position, c.ID); err != nil {
				return err
			}
			// A listed document's column set includes its columns' parents.
			if parent.Int64 != c.ParentID {
				if err := tx.refreshPublicWhere(`SELECT p.doc_id FROM revision_columns rc JOIN revisions r ON r.id = rc.rev_id
					JOIN public_docs p ON p.doc_id = r.doc_id AND p.rev_id = r.id WHERE rc.column_id = ? ORDER BY p.doc_id`, c.ID); err != nil {
					return err
				}
			}
		}
		return tx.record(actor, "column.save", "column:"+c.Code, map[string]string{"name": c.Name, "kind": string(c.Kind), "dept_id": itoa(c.DeptID)})
	})
}

const catalogColumns = "id, code, area, level1, level2, content, basis, time_limit, subject, channels, audience, mode, level, dept_id, position"

func scanCatalog(sc interface{ Scan(...any) error }) (*publish.CatalogItem, error) {
	var c publish.CatalogItem
	var channels string
	var dept sql.NullInt64
	if err := sc.Scan(&c.ID, &c.Code, &c.Area, &c.Level1, &c.Level2, &c.Content, &c.Basis, &c.TimeLimit, &c.Subject,
		&channels, &c.Audience, &c.Mode, &c.Level, &dept, &c.Position); err != nil {
		return nil, translate(err)
	}
	if channels != "" {
		c.Channels = strings.Split(channels, "|")
	}
	c.DeptID = dept.Int64
	return &c, nil
}

// CatalogItems lists the standard catalog in order.
func (s *Store) CatalogItems(ctx context.Context) ([]*publish.CatalogItem, error) {
	var out []*publish.CatalogItem
	err := s.queryAll(ctx, "store.CatalogItems", "SELECT "+catalogColumns+" FROM catalog_items ORDER BY position, code", nil, func(rows *sql.Rows) error {
		c, err := scanCatalog(rows)
		out = append(out, c)
		return err
	})
	return out, err
}

// CatalogItem returns one item by code.
func (s *Store) CatalogItem(ctx context.Context, code string) (*publish.CatalogItem, error) {
	c, err := scanCatalog(s.queryRow(ctx, "SELECT "+catalogColumns+" FROM catalog_items WHERE code = ?", code))
	return c, errs.Wrap("store.CatalogItem", notFound(err, "catalog_item_not_found", "目录事项不存在。"))
}

// SaveCatalogItems creates or updates items by code, all in one
// transaction (an XLSX import either applies whole or not at all).
func (s *Store) SaveCatalogItems(ctx context.Context, actor string, items []*publish.CatalogItem) error {
	for i, c := range items {
		c.Normalize()
		if err := c.Validate(); err != nil {
			if len(items) > 1 {
				_, msg := errs.Public(err)
				return errs.Newf(errs.Invalid, "store.SaveCatalogItems", "invalid_catalog_row", "第 %d 行（%s）：%s", i+1, c.Code, msg)
			}
			return err
		}
	}
	return s.update(ctx, "store.SaveCatalogItems", func(tx *Tx) error {
		for _, c := range items {
			if err := tx.checkDepartment(c.DeptID); err != nil {
				return err
			}
			args := []any{c.Area, c.Level1, c.Level2, c.Content, c.Basis, c.TimeLimit, c.Subject, strings.Join(c.Channels, "|"),
				c.Audience, c.Mode, c.Level, nullID(c.DeptID), c.Position, c.Code}
			r, err := tx.exec(`UPDATE catalog_items SET area = ?, level1 = ?, level2 = ?, content = ?, basis = ?, time_limit = ?, subject = ?,
				channels = ?, audience = ?, mode = ?, level = ?, dept_id = ?, position = ? WHERE code = ?`, args...)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				id, err := tx.insert(`INSERT INTO catalog_items (area, level1, level2, content, basis, time_limit, subject, channels, audience, mode, level, dept_id, position, code)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
				if err != nil {
					return err
				}
				c.ID = id
			}
			if err := tx.record(actor, "catalog.save", "catalog:"+c.Code, map[string]string{"level1": c.Level1, "level2": c.Level2}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Points lists the on-site disclosure points.
func (s *Store) Points(ctx context.Context) ([]*publish.Point, error) {
	var out []*publish.Point
	err := s.queryAll(ctx, "store.Points", "SELECT id, code, name, address, hours, dept_id, key_hash FROM points ORDER BY code", nil, func(rows *sql.Rows) error {
		p, err := scanPoint(rows)
		out = append(out, p)
		return err
	})
	return out, err
}

func scanPoint(sc interface{ Scan(...any) error }) (*publish.Point, error) {
	var p publish.Point
	var dept sql.NullInt64
	if err := sc.Scan(&p.ID, &p.Code, &p.Name, &p.Address, &p.Hours, &dept, &p.KeyHash); err != nil {
		return nil, translate(err)
	}
	p.DeptID = dept.Int64
	return &p, nil
}

// PointByCode returns one point.
func (s *Store) PointByCode(ctx context.Context, code string) (*publish.Point, error) {
	p, err := scanPoint(s.queryRow(ctx, "SELECT id, code, name, address, hours, dept_id, key_hash FROM points WHERE code = ?", code))
	return p, errs.Wrap("store.PointByCode", notFound(err, "point_not_found", "查阅点不存在。"))
}

// CreatePoint registers a point and returns its device key, shown once.
func (s *Store) CreatePoint(ctx context.Context, actor string, p *publish.Point) (string, error) {
	key := auth.NewSecret()
	return key, s.CreatePointWithKey(ctx, actor, p, key)
}

// CreatePointWithKey registers a point whose device has been provisioned
// with a known key (at least 16 characters), such as the demo's.
func (s *Store) CreatePointWithKey(ctx context.Context, actor string, p *publish.Point, key string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if len(key) < 16 {
		return errs.New(errs.Invalid, "store.CreatePoint", "weak_point_key", "设备密钥至少 16 个字符。")
	}
	p.KeyHash = auth.HashSecret(key)
	return s.update(ctx, "store.CreatePoint", func(tx *Tx) error {
		if err := tx.checkDepartment(p.DeptID); err != nil {
			return err
		}
		id, err := tx.insert("INSERT INTO points (code, name, address, hours, dept_id, key_hash) VALUES (?, ?, ?, ?, ?, ?)",
			p.Code, p.Name, p.Address, p.Hours, nullID(p.DeptID), p.KeyHash)
		if err != nil {
			return duplicate(err, "point_code_taken", "查阅点编码已被使用。")
		}
		p.ID = id
		return tx.record(actor, "point.create", "point:"+p.Code, map[string]string{"name": p.Name})
	})
}

// PageBySlug returns one page.
func (s *Store) PageBySlug(ctx context.Context, slug string) (*publish.Page, error) {
	var p publish.Page
	err := s.queryRow(ctx, "SELECT slug, title, body, revised_on, updated_by FROM pages WHERE slug = ?", slug).
		Scan(&p.Slug, &p.Title, &p.Body, &p.RevisedOn, &p.UpdatedBy)
	return &p, errs.Wrap("store.PageBySlug", notFound(translate(err), "page_not_found", "页面不存在。"))
}

// SavePage creates or replaces a page (its body sanitised like a
// document's) with the given revision date.
func (s *Store) SavePage(ctx context.Context, actor string, p *publish.Page) error {
	p.Body = richtext.Sanitize(p.Body)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.SavePage", func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM pages WHERE slug = ?", p.Slug); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO pages (slug, title, body, revised_on, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			p.Slug, p.Title, p.Body, p.RevisedOn, actor, micros(tx.now)); err != nil {
			return err
		}
		return tx.record(actor, "page.save", "page:"+p.Slug, map[string]string{"title": p.Title, "revised_on": p.RevisedOn})
	})
}

// IndexRule returns the organ's 索引号 rule, or the default rule.
func (s *Store) IndexRule(ctx context.Context, deptID int64) (string, error) {
	pattern := publish.DefaultIndexPattern
	err := s.queryRow(ctx, "SELECT pattern FROM index_rules WHERE dept_id = ?", deptID).Scan(&pattern)
	if err = translate(err); err != nil && !errs.Is(err, errs.NotFound) {
		return "", errs.Wrap("store.IndexRule", err)
	}
	return pattern, nil
}

// SetIndexRule sets the organ's 索引号 rule; an empty pattern restores the
// default. Numbers already given keep their form; each form is its own
// series, so no number can be given twice.
func (s *Store) SetIndexRule(ctx context.Context, actor string, deptID int64, pattern string) error {
	pattern = strings.TrimSpace(pattern)
	if pattern != "" {
		if err := publish.ValidateIndexPattern(pattern); err != nil {
			return err
		}
	}
	return s.update(ctx, "store.SetIndexRule", func(tx *Tx) error {
		var code string
		if err := tx.queryRow("SELECT code FROM departments WHERE id = ?", deptID).Scan(&code); err != nil {
			return notFound(translate(err), "department_not_found", "部门不存在。")
		}
		if _, err := tx.exec("DELETE FROM index_rules WHERE dept_id = ?", deptID); err != nil {
			return err
		}
		if pattern != "" {
			if _, err := tx.exec("INSERT INTO index_rules (dept_id, pattern) VALUES (?, ?)", deptID, pattern); err != nil {
				return err
			}
		}
		shown := pattern
		if shown == "" {
			shown = publish.DefaultIndexPattern + "（默认）"
		}
		return tx.record(actor, "index_rule.set", "department:"+code, map[string]string{"pattern": shown})
	})
}
