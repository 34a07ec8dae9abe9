package demo

import "gongkai/internal/publish"

// The demo content is plain data, read from the files under data/ (see
// data.go); Load maps it onto the publish domain through the store, so the
// demo exercises the same code paths as staff. The JSON names below are the
// field names of those files.

// demoDept is a department of the demo's organisation tree.
type demoDept struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	OrgCode string `json:"org_code,omitempty"` // 统一社会信用代码 part of the index number
	Parent  string `json:"parent,omitempty"`   // code of a department listed earlier
	// The public contact shown on the 机构职能 page (fictitious).
	Head    string `json:"head,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Address string `json:"address,omitempty"`
}

// demoColumn is a 栏目 of the demo portal.
type demoColumn struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"` // code of a column listed earlier
	Kind   string `json:"kind"`             // a publish.ColumnKind
	Dept   string `json:"dept"`             // department code
}

// demoCatalog is one row of the demo 标准目录, in the form of an item of the
// back office's catalog JSON export (so an exported catalog can serve as
// catalog.json).
type demoCatalog = publish.CatalogRecord

// demoPoint is a 公共查阅点 / 电子信息屏.
type demoPoint struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Address string `json:"address"`
	Hours   string `json:"hours"`
	Dept    string `json:"dept"`
}

// demoPage is an editable page of the 政府信息公开 section. Its body is the
// file pages/<slug>.html.
type demoPage struct {
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	RevisedOn string `json:"revised_on"`
	Body      string `json:"-"`
}

// demoDoc is one demo document. Dates are YYYY-MM-DD. Key names the
// document for links inside the data (Interprets, ReplacedBy, AmendedBy)
// and its body file, documents/<key>.html.
type demoDoc struct {
	Key         string   `json:"key"`
	Title       string   `json:"title"`
	IndexNumber string   `json:"index_number,omitempty"` // only for the seed document, whose number is fixed
	Organs      []string `json:"organs"`                 // department codes
	DocNumber   string   `json:"doc_number,omitempty"`
	Written     string   `json:"written"`
	Published   string   `json:"published,omitempty"`
	Effective   string   `json:"effective,omitempty"`
	Theme       string   `json:"theme"` // second-level theme code, e.g. "02.01"
	Genre       string   `json:"genre"` // genre code
	Keywords    string   `json:"keywords,omitempty"`
	Summary     string   `json:"summary,omitempty"`
	Body        string   `json:"-"` // simple HTML: <p>, <h2>, <ol>/<li>, <table>
	Columns     []string `json:"columns,omitempty"`
	Catalog     []string `json:"catalog,omitempty"`
	Attribute   string   `json:"attribute,omitempty"` // active (default), on_request, withheld
	Reason      string   `json:"reason,omitempty"`    // withheld reason code
	// Lifecycle.
	Validity    string   `json:"validity,omitempty"` // "" = valid; expired / repealed / amended
	ValidityOn  string   `json:"validity_on,omitempty"`
	ValidityBy  string   `json:"validity_by,omitempty"` // Key of the repealing/amending document
	Interprets  string   `json:"interprets,omitempty"`  // Key of the policy this 解读 interprets
	Form        string   `json:"form,omitempty"`        // interpretation form: text / graphic / qa / media
	NeedsInterp bool     `json:"needs_interpretation,omitempty"`
	Revisions   []string `json:"revisions,omitempty"` // change notes of later revisions (the document is revised once per note)
	Withdrawn   string   `json:"withdrawn,omitempty"` // error / replaced / not_in_force
	ReplacedBy  string   `json:"replaced_by,omitempty"`
	Points      []string `json:"points,omitempty"`   // 定点公开: point codes
	Audience    string   `json:"audience,omitempty"` // 定向公开
	Draft       bool     `json:"draft,omitempty"`    // stays an unpublished draft (for the leak test and the back office)
	// Figures are generated image attachments (figures.go), by file name;
	// the body shows them with <img src="<name>" alt="…">.
	Figures []string `json:"figures,omitempty"`
}
