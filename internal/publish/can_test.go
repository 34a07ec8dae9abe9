package publish_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"text/tabwriter"

	"gongkai/internal/publish"
)

var update = flag.Bool("update", false, "rewrite testdata/can.golden from publish.Can")

// canActors are the kinds of user the table asks about. The revisions below
// are written by user 1, who also holds the reviewer role.
var canActors = []struct {
	name string
	a    publish.Actor
}{
	{"editor", publish.Actor{UserID: 2, DeptID: 1, CanDraft: true}},
	{"other-editor", publish.Actor{UserID: 3, DeptID: 2, CanDraft: true}},
	{"author-reviewer", publish.Actor{UserID: 1, DeptID: 1, CanDraft: true, CanReview: true}},
	{"reviewer", publish.Actor{UserID: 4, DeptID: 1, CanReview: true}},
	{"supervisor", publish.Actor{UserID: 5, DeptID: 9, CanSupervise: true}},
	{"nobody", publish.Actor{UserID: 6, DeptID: 1}},
	{"system", publish.Actor{System: true}},
}

// canStates are the document states that matter: the open revision's
// state and content, and the document's public state and validity.
func canStates() []struct {
	name string
	doc  *publish.Document
	rev  *publish.Revision
} {
	open := func(s publish.State, attr publish.Attribute) *publish.Revision {
		r := &publish.Revision{ID: 11, State: s, AuthorID: 1, Editors: []int64{1}, Content: publish.Content{Attribute: attr}}
		if attr == publish.Withheld {
			r.Content.WithheldReason = "internal_affairs"
		}
		return r
	}
	fresh := &publish.Document{ID: 1, DeptID: 1, OpenRev: 11, Validity: publish.Valid}
	public := func(w publish.WithdrawReason, v publish.Validity, openRev int64) *publish.Document {
		return &publish.Document{ID: 1, DeptID: 1, PublishedRev: 10, OpenRev: openRev, Withdrawn: w, Validity: v}
	}
	return []struct {
		name string
		doc  *publish.Document
		rev  *publish.Revision
	}{
		{"draft", fresh, open(publish.Draft, publish.Active)},
		{"submitted", fresh, open(publish.Submitted, publish.Active)},
		{"returned", fresh, open(publish.Returned, publish.Active)},
		{"approved", fresh, open(publish.Approved, publish.Active)},
		{"approved/withheld", fresh, open(publish.Approved, publish.Withheld)},
		{"approved/on_request", fresh, open(publish.Approved, publish.OnRequest)},
		{"scheduled", fresh, open(publish.Scheduled, publish.Active)},
		{"published", public("", publish.Valid, 0), nil},
		{"published/expired", public("", publish.Expired, 0), nil},
		{"published/repealed", public("", publish.Repealed, 0), nil},
		{"published+draft", public("", publish.Valid, 11), open(publish.Draft, publish.Active)},
		{"published+submitted", public("", publish.Valid, 11), open(publish.Submitted, publish.Active)},
		{"published+approved", public("", publish.Valid, 11), open(publish.Approved, publish.Active)},
		{"withdrawn/error", public(publish.WithdrawError, publish.Valid, 0), nil},
		{"withdrawn/replaced", public(publish.WithdrawReplaced, publish.Valid, 0), nil},
		{"withdrawn/not_in_force", public(publish.WithdrawNotInForce, publish.Expired, 0), nil},
	}
}

// canTable renders publish.Can for every state × action × actor.
func canTable() []byte {
	var buf bytes.Buffer
	buf.WriteString(`# publish.Can: document state × action × actor → ok, or the error code returned.
# Regenerate with: go test ./internal/publish -update (a rule change is a diff here).
# States: the open revision's state (+ when the document is also public) and attribute;
# published/withdrawn documents without an open revision; validity where it is not 有效.
# Actors: editor = 信息员 of the owning department; other-editor = 信息员 of another;
# author-reviewer = the revision's author, who also holds the reviewer role;
# reviewer = another 审核员; supervisor = 政务公开办; nobody = staff without these
# permissions; system = the scheduler publishing due revisions.
# create needs no document, so it has one row.

`)
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "state\taction")
	for _, a := range canActors {
		fmt.Fprint(tw, "\t", a.name)
	}
	fmt.Fprintln(tw)
	row := func(state string, doc *publish.Document, rev *publish.Revision, act publish.Action) {
		fmt.Fprint(tw, state, "\t", act)
		for _, a := range canActors {
			cell := "ok"
			if err := publish.Can(a.a, doc, rev, act); err != nil {
				cell = code(err)
			}
			fmt.Fprint(tw, "\t", cell)
		}
		fmt.Fprintln(tw)
	}
	row("-", nil, nil, publish.ActCreate)
	row("-", nil, nil, publish.ActImport)
	for _, s := range canStates() {
		for _, act := range publish.Actions {
			if act != publish.ActCreate && act != publish.ActImport {
				row(s.name, s.doc, s.rev, act)
			}
		}
	}
	_ = tw.Flush()
	return buf.Bytes()
}

// TestCanGolden compares every decision of publish.Can with
// testdata/can.golden.
func TestCanGolden(t *testing.T) {
	path := filepath.Join("testdata", "can.golden")
	got := canTable()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("publish.Can differs from %s (run go test ./internal/publish -update and review the diff):\n%s", path, got)
	}
}

// TestAllowedIsCan: the back office's view of the actions is Can's.
func TestAllowedIsCan(t *testing.T) {
	for _, s := range canStates() {
		for _, a := range canActors {
			allowed := publish.Allowed(a.a, s.doc, s.rev)
			for _, act := range publish.Actions {
				if act != publish.ActCreate && act != publish.ActImport && allowed[act] != (publish.Can(a.a, s.doc, s.rev, act) == nil) {
					t.Errorf("%s %s %s: Allowed %v", s.name, a.name, act, allowed[act])
				}
			}
		}
	}
}

// TestPlanPublication: 三同步 held and joined.
func TestPlanPublication(t *testing.T) {
	policyDoc := &publish.Document{ID: 1, OpenRev: 11}
	policy := func(s publish.State) *publish.Revision {
		return &publish.Revision{ID: 11, DocID: 1, State: s, Content: publish.Content{Genre: publish.GenreNormative, Attribute: publish.Active}}
	}
	interpDoc := &publish.Document{ID: 2, OpenRev: 21}
	interp := func(s publish.State) *publish.Revision {
		return &publish.Revision{ID: 21, DocID: 2, State: s, Content: publish.Content{Genre: publish.GenreInterpretation, Interprets: 1, Attribute: publish.Active}}
	}
	ids := func(p publish.Plan) (out []int64) {
		for _, x := range p.Now {
			out = append(out, x.Rev.ID)
		}
		return out
	}
	tests := []struct {
		name string
		ap   publish.Approval
		now  []int64
		held publish.Hold
		code string
	}{
		{"policy without approved interpretation waits",
			publish.Approval{Doc: policyDoc, Rev: policy(publish.Approved), Interpretations: []publish.Publication{{interpDoc, interp(publish.Submitted)}}},
			nil, publish.HoldInterpretation, ""},
		{"policy goes with its approved interpretation",
			publish.Approval{Doc: policyDoc, Rev: policy(publish.Approved), Interpretations: []publish.Publication{{interpDoc, interp(publish.Approved)}}},
			[]int64{11, 21}, "", ""},
		{"policy revised after its interpretation is public goes alone",
			publish.Approval{Doc: policyDoc, Rev: policy(publish.Approved), Interpretations: []publish.Publication{{interpDoc, interp(publish.Published)}}},
			[]int64{11}, "", ""},
		{"policy that needs none goes alone",
			publish.Approval{Doc: policyDoc, Rev: &publish.Revision{ID: 11, State: publish.Approved, Content: publish.Content{Genre: "tongzhi"}}},
			[]int64{11}, "", ""},
		{"interpretation waits for its submitted policy",
			publish.Approval{Doc: interpDoc, Rev: interp(publish.Approved), Policy: publish.Publication{policyDoc, policy(publish.Submitted)},
				Interpretations: []publish.Publication{{interpDoc, interp(publish.Approved)}}},
			nil, publish.HoldPolicy, ""},
		{"interpretation releases its waiting policy",
			publish.Approval{Doc: interpDoc, Rev: interp(publish.Approved), Policy: publish.Publication{policyDoc, policy(publish.Approved)},
				Interpretations: []publish.Publication{{interpDoc, interp(publish.Approved)}}},
			[]int64{11, 21}, "", ""},
		{"interpretation of a public policy goes alone",
			publish.Approval{Doc: interpDoc, Rev: interp(publish.Approved), Policy: publish.Publication{&publish.Document{ID: 1, PublishedRev: 10}, nil}},
			[]int64{21}, "", ""},
		{"interpretation of a policy not in the workflow",
			publish.Approval{Doc: interpDoc, Rev: interp(publish.Approved), Policy: publish.Publication{&publish.Document{ID: 1}, nil}},
			nil, "", "policy_not_ready"},
	}
	for _, tc := range tests {
		p, err := publish.PlanPublication(tc.ap)
		if code(err) != tc.code || fmt.Sprint(ids(p)) != fmt.Sprint(tc.now) || p.Held != tc.held {
			t.Errorf("%s: %v held %q err %v; want %v held %q code %q", tc.name, ids(p), p.Held, err, tc.now, tc.held, tc.code)
		}
	}
	policyRev := policy(publish.Draft)
	if code(publish.CheckDraftedTogether(policyRev, nil)) != "interpretation_required" ||
		publish.CheckDraftedTogether(policyRev, []*publish.Revision{interp(publish.Draft)}) != nil {
		t.Error("三同步 drafting")
	}
}
