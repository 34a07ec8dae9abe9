package demo

// The demo content is plain data; Load maps it onto the publish domain
// through the store, so the demo exercises the same code paths as staff.

// demoColumn is a 栏目 of the demo portal.
type demoColumn struct {
	Code, Name, Parent, Kind, Dept string // Kind: a publish.ColumnKind; Parent/Dept: codes
}

// demoCatalog is one row of the demo 标准目录.
type demoCatalog struct {
	Code, Area, Level1, Level2, Content, Basis, TimeLimit, Subject string
	Channels                                                       []string
	Audience, Mode, Level, Dept                                    string
}

// demoPoint is a 公共查阅点 / 电子信息屏.
type demoPoint struct {
	Code, Name, Address, Hours, Dept string
}

// demoDoc is one demo document. Dates are YYYY-MM-DD. Key names the
// document for links inside the data (Interprets, ReplacedBy, AmendedBy).
type demoDoc struct {
	Key         string
	Title       string
	IndexNumber string   // only for the seed document, whose number is fixed
	Organs      []string // department codes
	DocNumber   string
	Written     string
	Published   string
	Effective   string
	Theme       string // second-level theme code, e.g. "02.01"
	Genre       string // genre code
	Keywords    string
	Summary     string
	Body        string // simple HTML: <p>, <h2>, <ol>/<li>, <table>
	Columns     []string
	Catalog     []string
	Attribute   string // active (default), on_request, withheld
	Reason      string // withheld reason code
	// Lifecycle.
	Validity    string // "" = valid; expired / repealed / amended
	ValidityOn  string
	ValidityBy  string // Key of the repealing/amending document
	Interprets  string // Key of the policy this 解读 interprets
	Form        string // interpretation form: text / graphic / qa / media
	NeedsInterp bool
	Revisions   []string // change notes of later revisions (the document is revised once per note)
	Withdrawn   string   // error / replaced / not_in_force
	ReplacedBy  string   // Key
	Points      []string // 定点公开: point codes
	Audience    string   // 定向公开
	Draft       bool     // stays an unpublished draft (for the leak test and the back office)
}
