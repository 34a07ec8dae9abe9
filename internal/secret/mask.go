package secret

import "strings"

// Masks: what lists and notices show of personal data instead of the
// sealed value. FOI applicants, letter writers and event registrants are
// masked by the same functions.

// MaskID keeps the first 4 and last 4 characters of an identifier:
// 310101199001011234 → 3101**********1234.
func MaskID(s string) string { return maskMiddle(s, 4, 4) }

// MaskPhone keeps the first 3 and last 4 digits: 138****5678.
func MaskPhone(s string) string { return maskMiddle(s, 3, 4) }

// MaskName keeps the first character: 张**.
func MaskName(s string) string { return maskMiddle(s, 1, 0) }

// MaskEmail keeps the first character of the local part and the domain.
func MaskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok {
		return maskMiddle(s, 1, 0)
	}
	return maskMiddle(local, 1, 0) + "@" + domain
}

// MaskAddress keeps the first 6 characters (district and street).
func MaskAddress(s string) string { return maskMiddle(s, 6, 0) }

func maskMiddle(s string, head, tail int) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	if len(r) <= head+tail {
		if len(r) == 1 {
			return "*"
		}
		return string(r[:1]) + strings.Repeat("*", len(r)-1)
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}
