package publish

import "gongkai/internal/errs"

// 三同步 (same drafting, same review, same publication of a policy and its
// interpretation) is decided here; the store loads the facts inside its
// transaction and executes the plan.

// Publication is a document with one of its revisions.
type Publication struct {
	Doc *Document
	Rev *Revision
}

// Approval is what PlanPublication needs to know about a revision that has
// just been approved (or whose scheduled time has come).
type Approval struct {
	Doc *Document
	Rev *Revision // approved
	// Policy is, for a 解读, the document it interprets with that
	// document's open revision (Rev nil when none).
	Policy Publication
	// Interpretations are the open or published revisions interpreting
	// the policy (Doc itself, or Policy for a 解读), the approved one
	// included, each with its document.
	Interpretations []Publication
}

// Hold says why an approved revision does not go out now.
type Hold string

// The reasons an approval waits.
const (
	HoldInterpretation Hold = "interpretation" // a policy stays approved until an interpretation is approved
	HoldPolicy         Hold = "policy"         // an interpretation stays approved until its policy is approved
)

// Plan is what an approval publishes now, in order (a policy before its
// interpretations, at the same instant), or why it waits.
type Plan struct {
	Now  []Publication
	Held Hold
}

// PlanPublication decides what an approval publishes: a policy that needs
// an interpretation goes out with its approved interpretations and is held
// while there is none (unless one is already public); an interpretation
// goes out alone when its policy is public, with the policy when the
// policy is approved and waiting, and otherwise waits for it.
func PlanPublication(ap Approval) (Plan, error) {
	if ap.Rev.Content.Genre != GenreInterpretation {
		return planPolicy(Publication{ap.Doc, ap.Rev}, ap.Interpretations), nil
	}
	policy := ap.Policy
	switch {
	case policy.Doc.Public():
		return Plan{Now: []Publication{{ap.Doc, ap.Rev}}}, nil
	case policy.Rev == nil:
		return Plan{}, errs.New(errs.Conflict, "publish.PlanPublication", "policy_not_ready", "所解读的文件尚未进入发布流程。")
	case policy.Rev.State != Approved:
		return Plan{Held: HoldPolicy}, nil
	}
	return planPolicy(policy, ap.Interpretations), nil
}

// planPolicy publishes a policy with its approved interpretations.
func planPolicy(policy Publication, interps []Publication) Plan {
	if !policy.Rev.Content.NeedsInterpretation() {
		return Plan{Now: []Publication{policy}}
	}
	now := []Publication{policy}
	public := false
	for _, ip := range interps {
		switch ip.Rev.State {
		case Published:
			public = true
		case Approved:
			now = append(now, ip)
		}
	}
	if len(now) == 1 && !public {
		return Plan{Held: HoldInterpretation}
	}
	return Plan{Now: now}
}

// CheckDraftedTogether refuses to submit an actively disclosed policy that
// needs an interpretation (三同步) before one is drafted beside it;
// interps are the open or published revisions interpreting it.
func CheckDraftedTogether(rev *Revision, interps []*Revision) error {
	if rev.Content.NeedsInterpretation() && rev.Content.Attribute == Active && len(interps) == 0 {
		return errs.New(errs.Conflict, "publish.CheckDraftedTogether", "interpretation_required",
			"该文件须与政策解读同步起草、同步审签、同步发布（三同步）：请先起草关联的解读，再提交审核。")
	}
	return nil
}
