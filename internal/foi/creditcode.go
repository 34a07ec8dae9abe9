package foi

import "strings"

// creditAlphabet is GB 32100-2015's character set in the order of the
// values 0–30: the digits and the capitals without I, O, S, V and Z.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are 3^(i-1) mod 31 for the first 17 positions.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditKinds are the registration authorities (first character) and the
// kinds of organisation each registers (second character) of GB 32100's
// table 1: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
// 8 工会, 9 工商（市场监管）, A 中央军委改革和编制办公室, N 农业, Y 其他.
var creditKinds = map[byte]string{
	'1': "1239", '2': "19", '3': "123459", '4': "19", '5': "1239", '6': "129",
	'7': "129", '8': "19", '9': "123", 'A': "19", 'N': "1239", 'Y': "1",
}

// ValidCreditCode reports whether s is a well-formed 统一社会信用代码: 18
// characters of GB 32100's alphabet, a known authority and kind, a region
// code of six digits, and the right check character (MOD 31).
func ValidCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	kinds, ok := creditKinds[s[0]]
	if !ok || strings.IndexByte(kinds, s[1]) < 0 {
		return false
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(creditAlphabet, s[i])
		if v < 0 {
			return false
		}
		sum += v * creditWeights[i]
	}
	check := (31 - sum%31) % 31
	return s[17] == creditAlphabet[check]
}
