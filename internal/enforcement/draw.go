package enforcement

// The verifiable draw (双随机). The organiser commits to a random seed
// before the draw by publishing its SHA-256; after the draw the seed is
// revealed, and anyone can recompute the result from the published lists
// and the seed:
//
//  1. commitment = hex(SHA-256(seed)), seed being 32 random bytes given
//     as 64 hexadecimal digits; the revealed seed must hash to it.
//  2. objectsHash and inspectorsHash are hex(SHA-256) of the bytes of the
//     published CSV files of the two lists (the list versions drawn from).
//  3. Every object gets the key
//     HMAC-SHA256(seed, "object\n" + objectsHash + "\n" + objectID);
//     the n objects with the smallest keys (as hexadecimal text; ties
//     by identifier) are drawn, in that order.
//  4. For each drawn object, every inspector gets the key
//     HMAC-SHA256(seed, "inspector\n" + inspectorsHash + "\n" + objectID + "\n" + inspectorID).
//     Inspectors in conflict are set aside first: one from the object's
//     own unit, and one who inspected the same object in the previous
//     plan. Of the others, the k with the smallest keys are drawn.
//
// In Python:
//
//	hmac.new(bytes.fromhex(seed), f"object\n{h}\n{oid}".encode(), hashlib.sha256).hexdigest()
//
// A changed list changes its hash and with it every key, so a draw run
// on any other list version gives another result, and a seed chosen after
// seeing the lists cannot match a commitment published before.

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"gongkai/internal/errs"
)

// SeedBytes is the length of a draw's seed.
const SeedBytes = 32

// Limits of a plan's parameters and lists.
const (
	MaxListRows  = 100000
	MaxPerObject = 10
	MaxIDLen     = 64
	MaxUnitLen   = 100
)

// Member is a row of a list: a 检查对象 or a 执法检查人员, with the unit
// it belongs to (an object's own unit, an inspector's unit).
type Member struct {
	ID   string
	Name string
	Unit string
}

// Pair is one object–inspector assignment of a plan.
type Pair struct {
	ObjectID    string
	InspectorID string
}

// DrawInput is everything the draw depends on.
type DrawInput struct {
	Seed           []byte
	ObjectsHash    string // hex SHA-256 of the published objects list
	InspectorsHash string // hex SHA-256 of the published inspectors list
	Objects        []Member
	Inspectors     []Member
	Previous       []Pair // the previous plan's assignments
	N              int    // how many objects
	PerObject      int    // inspectors per object
}

// Exclusion is an inspector set aside for a drawn object, and why.
type Exclusion struct {
	InspectorID string
	Reason      string // ConflictSameUnit or ConflictSamePair
}

// Conflict reasons, with their Chinese wording in ConflictLabel.
const (
	ConflictSameUnit = "same_unit"
	ConflictSamePair = "same_pair"
)

// ConflictLabel is the wording of a conflict rule as shown with a draw.
func ConflictLabel(reason string) string {
	switch reason {
	case ConflictSameUnit:
		return "与检查对象同属一个单位，回避"
	case ConflictSamePair:
		return "上次抽查已检查该对象，不重复配对"
	}
	return reason
}

// ConflictRules are the rules applied, in the words shown with every draw.
var ConflictRules = []string{
	"检查人员与检查对象属于同一单位的，该人员不参与对该对象的检查。",
	"上一次抽查中已配对的检查对象与检查人员，本次不再配对。",
}

// Drawn is one drawn object with its inspectors.
type Drawn struct {
	Object     Member
	Key        string // the object's HMAC key, hex
	Inspectors []Member
	Excluded   []Exclusion
}

// DrawResult is the outcome of a draw.
type DrawResult struct {
	Selection []Drawn
}

// Pairs lists the result's assignments (the next plan's Previous).
func (r DrawResult) Pairs() []Pair {
	var out []Pair
	for _, d := range r.Selection {
		for _, in := range d.Inspectors {
			out = append(out, Pair{ObjectID: d.Object.ID, InspectorID: in.ID})
		}
	}
	return out
}

// Commit returns the commitment to seed: hex(SHA-256(seed)).
func Commit(seed []byte) string {
	sum := sha256.Sum256(seed)
	return hex.EncodeToString(sum[:])
}

// HashList returns the hash that identifies a published list version:
// hex(SHA-256) of its bytes.
func HashList(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ParseSeed reads a seed of 64 hexadecimal digits.
func ParseSeed(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != SeedBytes {
		return nil, errs.InField("seed", errs.New(errs.Invalid, "enforcement.ParseSeed", "invalid_seed", "随机种子应为 64 位十六进制数字（32 字节）。"))
	}
	return b, nil
}

// CheckCommitment reports whether seed is the one committed to.
func CheckCommitment(seed []byte, commitment string) error {
	want := strings.ToLower(strings.TrimSpace(commitment))
	if !hmac.Equal([]byte(Commit(seed)), []byte(want)) {
		return errs.InField("seed", errs.New(errs.Invalid, "enforcement.CheckCommitment", "commitment_mismatch",
			"随机种子与事先公布的承诺值不符：SHA-256(种子) 应等于承诺值。"))
	}
	return nil
}

// ObjectKey is the ranking key of an object.
func ObjectKey(seed []byte, objectsHash, objectID string) string {
	return mac(seed, "object\n"+objectsHash+"\n"+objectID)
}

// InspectorKey is the ranking key of an inspector for an object.
func InspectorKey(seed []byte, inspectorsHash, objectID, inspectorID string) string {
	return mac(seed, "inspector\n"+inspectorsHash+"\n"+objectID+"\n"+inspectorID)
}

func mac(seed []byte, msg string) string {
	m := hmac.New(sha256.New, seed)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func drawError(code, msg string) error {
	return errs.New(errs.Invalid, "enforcement.Draw", code, msg)
}

// Draw computes the draw. It is deterministic: the same input gives the
// same result on any machine.
func Draw(in DrawInput) (DrawResult, error) {
	switch {
	case len(in.Seed) != SeedBytes:
		return DrawResult{}, errs.InField("seed", drawError("invalid_seed", "随机种子应为 32 字节。"))
	case in.N < 1:
		return DrawResult{}, errs.InField("objects_n", drawError("invalid_objects_n", "抽取对象数应至少为 1。"))
	case in.N > len(in.Objects):
		return DrawResult{}, errs.InField("objects_n", drawError("too_many_objects", fmt.Sprintf("抽取对象数（%d）超过名录中的对象数（%d）。", in.N, len(in.Objects))))
	case in.PerObject < 1 || in.PerObject > MaxPerObject:
		return DrawResult{}, errs.InField("per_object", drawError("invalid_per_object", fmt.Sprintf("每个对象的检查人员数应为 1 至 %d。", MaxPerObject)))
	}
	if err := checkUnique("objects", in.Objects); err != nil {
		return DrawResult{}, err
	}
	if err := checkUnique("inspectors", in.Inspectors); err != nil {
		return DrawResult{}, err
	}
	type ranked struct {
		m   Member
		key string
	}
	rank := func(ms []Member, key func(Member) string) []ranked {
		out := make([]ranked, len(ms))
		for i, m := range ms {
			out[i] = ranked{m, key(m)}
		}
		slices.SortFunc(out, func(a, b ranked) int {
			if c := strings.Compare(a.key, b.key); c != 0 {
				return c
			}
			return strings.Compare(a.m.ID, b.m.ID)
		})
		return out
	}
	previous := make(map[Pair]bool, len(in.Previous))
	for _, p := range in.Previous {
		previous[p] = true
	}
	objects := rank(in.Objects, func(m Member) string { return ObjectKey(in.Seed, in.ObjectsHash, m.ID) })
	var res DrawResult
	for _, o := range objects[:in.N] {
		d := Drawn{Object: o.m, Key: o.key}
		for _, c := range rank(in.Inspectors, func(m Member) string { return InspectorKey(in.Seed, in.InspectorsHash, o.m.ID, m.ID) }) {
			switch {
			case c.m.Unit != "" && c.m.Unit == o.m.Unit:
				d.Excluded = append(d.Excluded, Exclusion{InspectorID: c.m.ID, Reason: ConflictSameUnit})
			case previous[Pair{ObjectID: o.m.ID, InspectorID: c.m.ID}]:
				d.Excluded = append(d.Excluded, Exclusion{InspectorID: c.m.ID, Reason: ConflictSamePair})
			case len(d.Inspectors) < in.PerObject:
				d.Inspectors = append(d.Inspectors, c.m)
			}
		}
		if len(d.Inspectors) < in.PerObject {
			return DrawResult{}, errs.InField("per_object", drawError("not_enough_inspectors",
				fmt.Sprintf("检查对象 %s 排除回避人员后只有 %d 名检查人员可抽，少于每个对象所需的 %d 名。", o.m.ID, len(d.Inspectors), in.PerObject)))
		}
		res.Selection = append(res.Selection, d)
	}
	return res, nil
}

func checkUnique(field string, ms []Member) error {
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if seen[m.ID] {
			return errs.InField(field, drawError("duplicate_id", fmt.Sprintf("名录中编号 %s 出现了不止一次。", m.ID)))
		}
		seen[m.ID] = true
	}
	return nil
}

// ParseMembers reads a published list: CSV in UTF-8 with a header row
// naming at least the columns id and unit (name is optional; other
// columns are ignored). field names the input in errors.
func ParseMembers(field string, b []byte) ([]Member, error) {
	recs, err := readCSV(field, b, "id", "unit")
	if err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(recs))
	for i, r := range recs {
		m := Member{ID: r["id"], Name: r["name"], Unit: r["unit"]}
		switch {
		case m.ID == "":
			return nil, csvError(field, "missing_id", fmt.Sprintf("第 %d 行缺少编号（id）。", i+2))
		case len([]rune(m.ID)) > MaxIDLen || len([]rune(m.Unit)) > MaxUnitLen:
			return nil, csvError(field, "field_too_long", fmt.Sprintf("第 %d 行的编号或单位过长。", i+2))
		}
		out = append(out, m)
	}
	return out, nil
}

// ParsePairs reads a previous plan's assignments: CSV with the columns
// object_id and inspector_id.
func ParsePairs(field string, b []byte) ([]Pair, error) {
	recs, err := readCSV(field, b, "object_id", "inspector_id")
	if err != nil {
		return nil, err
	}
	out := make([]Pair, 0, len(recs))
	for _, r := range recs {
		out = append(out, Pair{ObjectID: r["object_id"], InspectorID: r["inspector_id"]})
	}
	return out, nil
}

// PairsCSV writes assignments in the form ParsePairs reads.
func PairsCSV(ps []Pair) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"object_id", "inspector_id"})
	for _, p := range ps {
		_ = w.Write([]string{p.ObjectID, p.InspectorID})
	}
	w.Flush()
	return b.Bytes()
}

func csvError(field, code, msg string) error {
	return errs.InField(field, errs.New(errs.Invalid, "enforcement.ParseCSV", code, msg))
}

func readCSV(field string, b []byte, required ...string) ([]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, csvError(field, "invalid_csv", "文件应为带表头的 CSV（UTF-8）。")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range required {
		if _, ok := col[want]; !ok {
			return nil, csvError(field, "missing_column", fmt.Sprintf("CSV 表头缺少 %s 列（应有：%s）。", want, strings.Join(required, "、")))
		}
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(field, "invalid_csv", fmt.Sprintf("CSV 第 %d 行无法读取。", len(out)+2))
		}
		if len(out) >= MaxListRows {
			return nil, csvError(field, "too_many_rows", fmt.Sprintf("名录不能超过 %d 行。", MaxListRows))
		}
		row := map[string]string{}
		for name, i := range col {
			if i < len(rec) {
				row[name] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, row)
	}
	return out, nil
}
