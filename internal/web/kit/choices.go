package kit

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

// Choices are the taxonomy filters a visitor picks on the public lists and
// in search, checked against the store: the organ (by department code),
// the theme, the genre and the validity.
type Choices struct {
	OrganID  int64
	Theme    string
	Genre    string
	Validity publish.Validity
}

// ParseChoices checks the codes as typed (empty ones do not filter); an
// unknown code is bad input with a Chinese message naming its field.
func (s *Site) ParseChoices(ctx context.Context, organ, theme, genre, validity string) (Choices, error) {
	const op = "web.ParseChoices"
	var c Choices
	if organ != "" {
		d, err := s.Store.DepartmentByCode(ctx, strings.ToLower(organ))
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return c, errs.InField("organ", errs.New(errs.Invalid, op, "invalid_organ", "所选发布机构不存在，请从列表中选择。"))
			}
			return c, err
		}
		c.OrganID = d.ID
	}
	if theme != "" {
		themes, err := s.Store.Themes(ctx)
		if err != nil {
			return c, err
		}
		if !slices.ContainsFunc(themes, func(t publish.Theme) bool { return t.Code == theme }) {
			return c, errs.InField("theme", errs.New(errs.Invalid, op, "invalid_theme", "所选主题分类不存在，请从列表中选择。"))
		}
		c.Theme = theme
	}
	if genre != "" {
		genres, err := s.Store.Genres(ctx)
		if err != nil {
			return c, err
		}
		if !slices.ContainsFunc(genres, func(g publish.Genre) bool { return g.Code == genre }) {
			return c, errs.InField("genre", errs.New(errs.Invalid, op, "invalid_genre", "所选体裁不存在，请从列表中选择。"))
		}
		c.Genre = genre
	}
	if validity != "" {
		v := publish.Validity(validity)
		if v.Label() == "" {
			return c, errs.InField("validity", errs.New(errs.Invalid, op, "invalid_validity", "有效性应为有效（valid）、失效（expired）、废止（repealed）或已修订（amended）。"))
		}
		c.Validity = v
	}
	return c, nil
}

// ParseYear reads a four-digit year of the field ("" is 0: no filter).
func ParseYear(field, v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 || y < 1901 || y > 2099 {
		return 0, errs.InField(field, errs.New(errs.Invalid, "web.ParseYear", "invalid_year", "年份应为四位数字，例如 2024。"))
	}
	return y, nil
}
