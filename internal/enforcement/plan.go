package enforcement

import (
	"encoding/hex"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Plan is a 双随机 inspection plan: its 事项, the department, the draw's
// parameters, the commitment and the list versions fixed when it is
// created, the seed and result once drawn, and the published results.
type Plan struct {
	ID             int64
	Title          string // 抽查事项
	DeptID         int64
	DeptName       string
	N              int
	PerObject      int
	Commitment     string
	ObjectsCSV     string
	ObjectsHash    string
	InspectorsCSV  string
	InspectorsHash string
	PreviousCSV    string
	Seed           string // hex; empty until the draw
	ResultCSV      string
	Drawn          time.Time
	InspectionEnd  calendar.Date
	ResultsDue     calendar.Date
	ResultsOn      calendar.Date
	ResultsText    string // 抽查情况及查处结果
	CreatedBy      string
	Created        time.Time
}

// Limits of a plan.
const (
	MaxTitle       = 200
	MaxResultsText = 5000
	MaxPlanObjects = 1000
)

// Validate checks a new plan: the lists parse and the parameters fit
// them; the commitment is 64 hexadecimal digits.
func (p *Plan) Validate() error {
	p.Title = strings.TrimSpace(p.Title)
	p.Commitment = strings.ToLower(strings.TrimSpace(p.Commitment))
	var ps []*errs.Error
	add := func(field, code, msg string) { ps = append(ps, problem(field, code, msg)) }
	switch {
	case p.Title == "":
		add("title", "title_required", "请填写抽查事项。")
	case tooLong(p.Title, MaxTitle):
		add("title", "title_too_long", "抽查事项不能超过 200 个字。")
	}
	if b, err := hex.DecodeString(p.Commitment); err != nil || len(b) != 32 {
		add("commitment", "invalid_commitment", "承诺值应为 64 位十六进制数字，即随机种子的 SHA-256。")
	}
	objects, oerr := ParseMembers("objects", []byte(p.ObjectsCSV))
	inspectors, ierr := ParseMembers("inspectors", []byte(p.InspectorsCSV))
	ps = append(append(ps, errs.All(oerr)...), errs.All(ierr)...)
	if p.PreviousCSV != "" {
		_, err := ParsePairs("previous", []byte(p.PreviousCSV))
		ps = append(ps, errs.All(err)...)
	}
	switch {
	case p.N < 1 || p.N > MaxPlanObjects:
		add("objects_n", "invalid_objects_n", "抽取对象数应为 1 至 1000。")
	case oerr == nil && p.N > len(objects):
		add("objects_n", "too_many_objects", "抽取对象数超过检查对象名录中的对象数。")
	}
	switch {
	case p.PerObject < 1 || p.PerObject > MaxPerObject:
		add("per_object", "invalid_per_object", "每个对象的检查人员数应为 1 至 10。")
	case ierr == nil && p.PerObject > len(inspectors):
		add("per_object", "too_many_per_object", "每个对象的检查人员数超过执法检查人员名录中的人数。")
	}
	p.ObjectsHash, p.InspectorsHash = HashList([]byte(p.ObjectsCSV)), HashList([]byte(p.InspectorsCSV))
	return errs.Join(ps...)
}

// Input is the plan's draw input with seed.
func (p *Plan) Input(seed []byte) (DrawInput, error) {
	in := DrawInput{Seed: seed, ObjectsHash: p.ObjectsHash, InspectorsHash: p.InspectorsHash, N: p.N, PerObject: p.PerObject}
	var err error
	if in.Objects, err = ParseMembers("objects", []byte(p.ObjectsCSV)); err != nil {
		return in, err
	}
	if in.Inspectors, err = ParseMembers("inspectors", []byte(p.InspectorsCSV)); err != nil {
		return in, err
	}
	if p.PreviousCSV != "" {
		if in.Previous, err = ParsePairs("previous", []byte(p.PreviousCSV)); err != nil {
			return in, err
		}
	}
	return in, nil
}

// Result recomputes a drawn plan's result from its revealed seed (the
// page shows it with the exclusions); ok is false before the draw.
func (p *Plan) Result() (res DrawResult, ok bool, err error) {
	if p.Seed == "" {
		return res, false, nil
	}
	seed, err := ParseSeed(p.Seed)
	if err != nil {
		return res, false, err
	}
	in, err := p.Input(seed)
	if err != nil {
		return res, false, err
	}
	res, err = Draw(in)
	return res, err == nil, err
}

// ResultsLight is the light of the results' publication: against
// results_due, on the day they were published or, until then, today.
func (p *Plan) ResultsLight(cal *calendar.Calendar, today calendar.Date) string {
	if p.ResultsDue.IsZero() {
		return ""
	}
	on := today
	if !p.ResultsOn.IsZero() {
		on = p.ResultsOn
	}
	return cal.Light(p.ResultsDue, on, YellowWorkdays)
}
