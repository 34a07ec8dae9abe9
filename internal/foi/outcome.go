package foi

import "strings"

// Outcome is how an application ended. The codes are the leaf rows of
// section 三 of the annual report (国办公开办函〔2021〕30号), in order, so the
// report counts outcomes without mapping.
type Outcome string

// The outcomes.
const (
	Disclose                     Outcome = "disclose"
	Partial                      Outcome = "partial"
	WithholdStateSecret          Outcome = "withhold_state_secret"
	WithholdLawProhibited        Outcome = "withhold_law_prohibited"
	WithholdSecurityStability    Outcome = "withhold_security_stability"
	WithholdThirdParty           Outcome = "withhold_third_party"
	WithholdInternalAffairs      Outcome = "withhold_internal_affairs"
	WithholdProcessInfo          Outcome = "withhold_process_info"
	WithholdEnforcementFile      Outcome = "withhold_enforcement_file"
	WithholdQueryMatter          Outcome = "withhold_query_matter"
	UnableNotHeld                Outcome = "unable_not_held"
	UnableNeedCreation           Outcome = "unable_need_creation"
	UnableUnclearAfterSupplement Outcome = "unable_unclear_after_supplement"
	RejectPetition               Outcome = "reject_petition"
	RejectDuplicate              Outcome = "reject_duplicate"
	RejectPublication            Outcome = "reject_publication"
	RejectExcessive              Outcome = "reject_excessive"
	RejectConfirmation           Outcome = "reject_confirmation"
	OtherNoSupplement            Outcome = "other_no_supplement"
	OtherFeeUnpaid               Outcome = "other_fee_unpaid"
	Other                        Outcome = "other"
)

// Outcomes lists every outcome with its report row label, in report order.
var Outcomes = []struct {
	Code  Outcome
	Label string
}{
	{Disclose, "予以公开"},
	{Partial, "部分公开"},
	{WithholdStateSecret, "不予公开：属于国家秘密"},
	{WithholdLawProhibited, "不予公开：其他法律行政法规禁止公开"},
	{WithholdSecurityStability, "不予公开：危及“三安全一稳定”"},
	{WithholdThirdParty, "不予公开：保护第三方合法权益"},
	{WithholdInternalAffairs, "不予公开：属于三类内部事务信息"},
	{WithholdProcessInfo, "不予公开：属于四类过程性信息"},
	{WithholdEnforcementFile, "不予公开：属于行政执法案卷"},
	{WithholdQueryMatter, "不予公开：属于行政查询事项"},
	{UnableNotHeld, "无法提供：本机关不掌握相关政府信息"},
	{UnableNeedCreation, "无法提供：没有现成信息需要另行制作"},
	{UnableUnclearAfterSupplement, "无法提供：补正后申请内容仍不明确"},
	{RejectPetition, "不予处理：信访举报投诉类申请"},
	{RejectDuplicate, "不予处理：重复申请"},
	{RejectPublication, "不予处理：要求提供公开出版物"},
	{RejectExcessive, "不予处理：无正当理由大量反复申请"},
	{RejectConfirmation, "不予处理：要求行政机关确认或重新出具已获取信息"},
	{OtherNoSupplement, "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{OtherFeeUnpaid, "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{Other, "其他处理：其他"},
}

// Label is the Chinese label of the outcome, "" if unknown.
func (o Outcome) Label() string {
	for _, x := range Outcomes {
		if x.Code == o {
			return x.Label
		}
	}
	return ""
}

// NeedsReason reports whether an answer with the outcome must state its
// specific reason: a 部分公开 or 不予公开 tells the applicant what was
// withheld and why, not only the article; “本机关不掌握” says whether the
// information does not exist or which organ is responsible for it
// (第三十六条第（四）、（五）项), with that organ's contact when known.
func (o Outcome) NeedsReason() bool {
	return o == Partial || o == UnableNotHeld || strings.HasPrefix(string(o), "withhold_")
}

// ReleasesFiles reports whether an answer with the outcome gives the
// applicant information (予以公开, 部分公开), so its released files
// (答复附件) go with it; after any other answer they stay with the organ.
func (o Outcome) ReleasesFiles() bool { return o == Disclose || o == Partial }
