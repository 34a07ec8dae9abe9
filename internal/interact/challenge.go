package interact

import (
	"crypto/subtle"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/errs"
)

// The letter form's challenge: a sum written out in words, which a screen
// reader reads as easily as a sighted visitor (the text is the challenge,
// there is no picture that needs a text alternative), answered on the
// server. The form carries a token: the two numbers, an expiry and a keyed
// fingerprint of the three, so no state is kept and a forged or expired
// token is refused.

// ChallengeLife is how long a form's challenge stays valid.
const ChallengeLife = 2 * time.Hour

var digitWords = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// Challenge is one question and the token that carries it.
type Challenge struct {
	Question string
	Token    string
}

// NewChallenge makes a challenge from two numbers 1–10 (the caller draws
// them), valid until now + ChallengeLife; mac is the keyed fingerprint
// (secret.Box.MAC).
func NewChallenge(mac func(string) string, a, b int, now time.Time) Challenge {
	a, b = 1+abs(a)%10, 1+abs(b)%10
	exp := now.Add(ChallengeLife).Unix()
	body := fmt.Sprintf("%d.%d.%d", a, b, exp)
	return Challenge{
		Question: fmt.Sprintf("请计算：%s加%s等于多少？（请填写阿拉伯数字，例如 12）", digitWords[a], digitWords[b]),
		Token:    body + "." + mac("challenge:"+body),
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// CheckChallenge verifies the answer to the challenge token carries.
func CheckChallenge(mac func(string) string, token, answer string, now time.Time) error {
	wrong := errs.InField("challenge", errs.New(errs.Invalid, "interact.CheckChallenge", "challenge_failed", "验证问题的答案不正确，请重新计算后填写。"))
	parts := strings.SplitN(token, ".", 4)
	if len(parts) != 4 {
		return wrong
	}
	body := strings.Join(parts[:3], ".")
	if subtle.ConstantTimeCompare([]byte(mac("challenge:"+body)), []byte(parts[3])) != 1 {
		return wrong
	}
	a, _ := strconv.Atoi(parts[0])
	b, _ := strconv.Atoi(parts[1])
	exp, _ := strconv.ParseInt(parts[2], 10, 64)
	if now.Unix() > exp {
		return errs.InField("challenge", errs.New(errs.Invalid, "interact.CheckChallenge", "challenge_expired", "页面停留时间过长，验证问题已失效，请回答新的验证问题后再提交。"))
	}
	got, err := strconv.Atoi(strings.TrimSpace(toHalfWidth(answer)))
	if err != nil || got != a+b {
		return wrong
	}
	return nil
}

// toHalfWidth turns full-width digits (what a Chinese input method types)
// into ASCII.
func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s)
}
