package extract

import (
	"strings"
	"unicode/utf16"
)

// cmap is a font's ToUnicode map: which byte sequences are codes (the
// codespace ranges, one to four bytes) and the text each code stands for.
type cmap struct {
	spaces [4][][2]string // by code length - 1: low and high code
	chars  map[string]string
	ranges []cmapRange
}

// cmapRange maps the codes lo…hi: to dst with the offset added to its last
// UTF-16 unit, or to the offset's entry of list.
type cmapRange struct {
	lo, hi, dst string
	list        []string
}

// maxCMapEntries bounds a map's entries (a code space has at most 2^32).
const maxCMapEntries = 1 << 16

// readCMap reads the bytes of a ToUnicode stream, or returns nil if they
// hold no code space. Only the map's sections are read; the PostScript
// around them (findresource, begincmap, def …) is skipped.
func readCMap(data []byte) *cmap {
	m := &cmap{chars: map[string]string{}}
	var args []cmapToken
	entries := 0
	lx := cmapLexer{s: data}
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.kind != tokKeyword {
			if len(args) < maxCMapEntries {
				args = append(args, t)
			}
			continue
		}
		if entries += len(args); entries > maxCMapEntries {
			break
		}
		switch t.text {
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, hi := args[i].text, args[i+1].text
				if n := len(lo); n >= 1 && n <= 4 && len(hi) == n {
					m.spaces[n-1] = append(m.spaces[n-1], [2]string{lo, hi})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				m.chars[args[i].text] = utf16Text(args[i+1].text)
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				r := cmapRange{lo: args[i].text, hi: args[i+1].text, dst: args[i+2].text, list: args[i+2].list}
				if len(r.lo) > 0 && len(r.lo) == len(r.hi) {
					m.ranges = append(m.ranges, r)
				}
			}
		}
		args = args[:0]
	}
	for _, s := range m.spaces {
		if len(s) > 0 {
			return m
		}
	}
	return nil
}

type tokKind int

const (
	tokString tokKind = iota
	tokArray
	tokOther
	tokKeyword
)

// cmapToken is a string (hex or literal, its bytes in text), an array of
// strings (list), a keyword, or anything else (numbers, names, dicts'
// brackets), which the map's sections do not use.
type cmapToken struct {
	kind tokKind
	text string
	list []string
}

type cmapLexer struct {
	s       []byte
	i       int
	inArray bool // arrays do not nest in a map: an inner [ is skipped
}

func (l *cmapLexer) next() (cmapToken, bool) {
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c == '%':
			for l.i < len(l.s) && l.s[l.i] != '\n' && l.s[l.i] != '\r' {
				l.i++
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			l.i++
		case c == '<' && l.i+1 < len(l.s) && l.s[l.i+1] == '<', c == '>' && l.i+1 < len(l.s) && l.s[l.i+1] == '>':
			l.i += 2
			return cmapToken{kind: tokOther}, true
		case c == '<':
			return cmapToken{kind: tokString, text: l.hex()}, true
		case c == '(':
			return cmapToken{kind: tokString, text: l.literal()}, true
		case c == '[' && l.inArray:
			l.i++
			return cmapToken{kind: tokOther, text: "["}, true
		case c == '[':
			l.i++
			l.inArray = true
			var list []string
			for {
				t, ok := l.next()
				if !ok || t.kind == tokOther && t.text == "]" {
					break
				}
				if t.kind == tokString && len(list) < maxCMapEntries {
					list = append(list, t.text)
				}
			}
			l.inArray = false
			return cmapToken{kind: tokArray, list: list}, true
		case c == ']':
			l.i++
			return cmapToken{kind: tokOther, text: "]"}, true
		default:
			start := l.i
			l.i++
			for l.i < len(l.s) && !strings.ContainsRune(" \t\r\n\f\x00()<>[]{}/%", rune(l.s[l.i])) {
				l.i++
			}
			word := string(l.s[start:l.i])
			if c == '/' || c == '{' || c == '}' || c == ')' || c == '>' || (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' {
				return cmapToken{kind: tokOther, text: word}, true
			}
			return cmapToken{kind: tokKeyword, text: word}, true
		}
	}
	return cmapToken{}, false
}

// hex reads <…> from the '<': pairs of hex digits, white space ignored, an
// odd last digit followed by 0.
func (l *cmapLexer) hex() string {
	l.i++
	var b []byte
	var hi byte
	half := false
	for l.i < len(l.s) {
		c := l.s[l.i]
		l.i++
		if c == '>' {
			break
		}
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	return string(b)
}

// literal reads (…) from the '(': balanced parentheses, backslash escapes
// (octal, \n and the like, an escaped character as itself).
func (l *cmapLexer) literal() string {
	l.i++
	var b []byte
	depth := 0
	for l.i < len(l.s) {
		c := l.s[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return string(b)
			}
			depth--
		case '\\':
			if l.i >= len(l.s) {
				return string(b)
			}
			c = l.s[l.i]
			l.i++
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				continue
			default:
				if c >= '0' && c <= '7' {
					v := c - '0'
					for k := 0; k < 2 && l.i < len(l.s) && l.s[l.i] >= '0' && l.s[l.i] <= '7'; k++ {
						v = v<<3 | (l.s[l.i] - '0')
						l.i++
					}
					c = v
				}
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// decode turns the bytes of a shown string into text: it takes the
// shortest code the code space admits, then its mapping; a code without
// one is dropped.
func (m *cmap) decode(raw string) string {
	var out []rune
	for len(raw) > 0 {
		n := 0
		for k := 1; k <= 4 && k <= len(raw) && n == 0; k++ {
			for _, sp := range m.spaces[k-1] {
				if sp[0] <= raw[:k] && raw[:k] <= sp[1] {
					n = k
					break
				}
			}
		}
		if n == 0 {
			raw = raw[1:]
			continue
		}
		code := raw[:n]
		raw = raw[n:]
		out = append(out, []rune(m.lookup(code))...)
	}
	return string(out)
}

func (m *cmap) lookup(code string) string {
	if s, ok := m.chars[code]; ok {
		return s
	}
	for _, r := range m.ranges {
		if len(r.lo) != len(code) || code < r.lo || code > r.hi {
			continue
		}
		off := number(code) - number(r.lo)
		if r.list != nil {
			if off < uint32(len(r.list)) {
				return utf16Text(r.list[off])
			}
			return ""
		}
		if len(r.dst) < 2 {
			return ""
		}
		// The offset is added to the last UTF-16 unit of the destination.
		b := []byte(r.dst)
		last := uint32(b[len(b)-2])<<8 | uint32(b[len(b)-1])
		last += off
		b[len(b)-2], b[len(b)-1] = byte(last>>8), byte(last)
		return utf16Text(string(b))
	}
	return ""
}

// number reads a code of up to four bytes as a big-endian number.
func number(s string) uint32 {
	var n uint32
	for i := 0; i < len(s); i++ {
		n = n<<8 | uint32(s[i])
	}
	return n
}

// utf16Text decodes UTF-16BE (an odd last byte is dropped).
func utf16Text(s string) string {
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}
