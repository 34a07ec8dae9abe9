package corpus

import (
	"slices"
	"unicode/utf8"
)

// Filter narrows a query to a genre and a range of publication years;
// zero fields do not narrow.
type Filter struct {
	Genre            string
	YearFrom, YearTo int
}

// IsZero reports whether the filter lets every document through.
func (f Filter) IsZero() bool { return f == Filter{} }

// Match reports whether a document of genre and year passes the filter.
func (f Filter) Match(genre string, year int) bool {
	return (f.Genre == "" || f.Genre == genre) && (f.YearFrom == 0 || year >= f.YearFrom) && (f.YearTo == 0 || year <= f.YearTo)
}

// Query is one query of the set, typed as a person would type it into the
// portal's search box.
type Query struct {
	Class  string
	Text   string
	Filter Filter
	Want   string // known-item queries: the ID of the document meant
}

// Query classes, in the order the report lists them.
const (
	ClassRare       = "rare term"
	ClassCommon     = "common term"
	ClassVeryCommon = "very common term"
	ClassTwoChar    = "two-character word"
	ClassSeveral    = "several terms"
	ClassPhrase     = "quoted phrase"
	ClassYear       = "year (…年)"
	ClassExclusion  = "exclusion"
	ClassGenre      = "filter: genre"
	ClassYears      = "filter: years"
	ClassKnownTitle = "known item: title words"
	ClassKnownNo    = "known item: 发文字号"
)

// Classes lists the query classes in report order.
var Classes = []string{ClassRare, ClassCommon, ClassVeryCommon, ClassTwoChar, ClassSeveral, ClassPhrase, ClassYear, ClassExclusion,
	ClassGenre, ClassYears, ClassKnownTitle, ClassKnownNo}

// Queries is the query set: fixed queries by class (their words picked by
// rank, so a rare term is rare at every size) and two queries per known
// item, its title's two distinctive words and its 发文字号.
func (c *Corpus) Queries() []Query {
	v := c.vocab
	var twoChar []string
	for _, w := range v[len(veryCommon)+len(functionWords):] {
		if utf8.RuneCountInString(w) == 2 && len(twoChar) < 3 {
			twoChar = append(twoChar, w)
		}
	}
	// Rare: the three last place names (a compound of two common words
	// also turns up where the two stand side by side; a place name does
	// not).
	var rare []string
	for i := len(v) - 1; i >= 0 && len(rare) < 3; i-- {
		if r := []rune(v[i]); slices.Contains(placeFirst, r[0]) && slices.Contains(placeSecond, r[1]) && utf8.RuneCountInString(v[i]) >= 3 {
			rare = append(rare, v[i])
		}
	}
	qs := []Query{
		{Class: ClassRare, Text: rare[0]}, {Class: ClassRare, Text: rare[1]}, {Class: ClassRare, Text: rare[2]},
		{Class: ClassCommon, Text: v[60]}, {Class: ClassCommon, Text: v[120]}, {Class: ClassCommon, Text: v[250]},
		{Class: ClassVeryCommon, Text: "工作"}, {Class: ClassVeryCommon, Text: "通知"}, {Class: ClassVeryCommon, Text: "公开"},
		{Class: ClassTwoChar, Text: twoChar[0]}, {Class: ClassTwoChar, Text: twoChar[1]}, {Class: ClassTwoChar, Text: twoChar[2]},
		{Class: ClassSeveral, Text: v[45] + " " + v[80]}, {Class: ClassSeveral, Text: "社区 " + v[70] + " " + v[300]},
		{Class: ClassPhrase, Text: `"政府信息公开条例"`}, {Class: ClassPhrase, Text: `"提升基层治理能力"`},
		{Class: ClassYear, Text: "2024年"}, {Class: ClassYear, Text: "2021年 " + v[50]},
		{Class: ClassExclusion, Text: v[40] + " -" + v[41]}, {Class: ClassExclusion, Text: "工作 -通知"},
		{Class: ClassGenre, Text: "社区", Filter: Filter{Genre: "pifu"}}, {Class: ClassGenre, Text: v[90], Filter: Filter{Genre: "tongzhi"}},
		{Class: ClassYears, Text: "防汛", Filter: Filter{YearFrom: 2024, YearTo: 2026}},
		{Class: ClassYears, Text: "工作", Filter: Filter{Genre: "tongbao", YearFrom: 2025, YearTo: 2026}},
	}
	for _, it := range c.known {
		qs = append(qs, Query{Class: ClassKnownTitle, Text: it.words[0] + " " + it.words[1], Want: it.id},
			Query{Class: ClassKnownNo, Text: it.number, Want: it.id})
	}
	return qs
}

// Known is how many known items the corpus holds.
func (c *Corpus) Known() int { return len(c.known) }
