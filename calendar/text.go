package calendar

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/wijkzorg/wijk"
)

// maxLine is the longest a content line may be, in octets, before the
// line break (RFC 5545 3.1).
const maxLine = 75

// escapeText returns s as an iCalendar TEXT value (RFC 5545 3.3.11):
// backslash, semicolon and comma get a backslash before them and a line
// break becomes \n. A line break may be LF, CR LF or a lone CR; all three
// read back as LF. Other control characters (tab aside) cannot be written
// in TEXT, so s with one, or s that is not UTF-8, is rejected with an
// error matching [wijk.ErrInvalid] and an empty field name.
func escapeText(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", wijk.Invalid("", "must be UTF-8 text")
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\n`)
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			return "", wijk.Invalid("", "must not contain control character %q at byte %d", c, i)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// writeFolded writes one content line to b, folded so that no physical
// line is longer than 75 octets: after each full line comes CR LF and a
// space, which continues the line (RFC 5545 3.1). A fold never splits a
// UTF-8 sequence. Every line ends with CR LF.
func writeFolded(b *bytes.Buffer, line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}
