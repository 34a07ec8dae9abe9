package search

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Synonyms is the editable synonym table: groups of terms that find each
// other (加装电梯 ↔ 增设电梯), applied to queries by Query.Expand.
type Synonyms [][]string

// Limits of the synonym table.
const (
	MaxSynonymGroups = 500
	MaxSynonymRunes  = 20 // characters of one term
)

// ParseSynonyms reads the table as staff write it: one group per line,
// its terms separated by spaces, commas, 、 or =; blank lines ignored.
// Every problem is reported at once, each naming its line.
func ParseSynonyms(text string) (Synonyms, error) {
	var out Synonyms
	var list []*errs.Error
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		terms := strings.FieldsFunc(line, func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\u3000' || r == ',' || r == '，' || r == '、' || r == '=' || r == '＝'
		})
		if len(terms) == 0 {
			continue
		}
		if err := validGroup(terms); err != nil {
			list = append(list, errs.New(errs.Invalid, "search.ParseSynonyms", err.code, "第 "+strconv.Itoa(i+1)+" 行："+err.msg))
			continue
		}
		out = append(out, terms)
	}
	if len(list) > 0 {
		return nil, errs.InField("synonyms", errs.Join(list...))
	}
	return out, out.Validate()
}

type groupError struct{ code, msg string }

func validGroup(terms []string) *groupError {
	if len(terms) < 2 {
		return &groupError{"synonym_group_too_small", "一组同义词至少要有 2 个词。"}
	}
	if len(terms) > MaxSynonyms {
		return &groupError{"synonym_group_too_large", "一组同义词最多 8 个词。"}
	}
	for _, t := range terms {
		if utf8.RuneCountInString(t) > MaxSynonymRunes {
			return &groupError{"synonym_too_long", "“" + t + "”超过 20 个字。"}
		}
		if f := formOf(t, true); len(f.Tokens) == 0 {
			return &groupError{"synonym_empty", "“" + t + "”不含可搜索的文字。"}
		}
	}
	return nil
}

// Validate checks the whole table (as stored or as sent by the API).
func (s Synonyms) Validate() error {
	if len(s) > MaxSynonymGroups {
		return errs.InField("synonyms", errs.New(errs.Invalid, "search.Synonyms", "too_many_synonym_groups", "同义词最多 500 组。"))
	}
	for i, g := range s {
		if err := validGroup(g); err != nil {
			return errs.InField("synonyms", errs.New(errs.Invalid, "search.Synonyms", err.code, "第 "+strconv.Itoa(i+1)+" 组："+err.msg))
		}
	}
	return nil
}

// String is the table as ParseSynonyms reads it.
func (s Synonyms) String() string {
	lines := make([]string, len(s))
	for i, g := range s {
		lines[i] = strings.Join(g, " ")
	}
	return strings.Join(lines, "\n")
}
