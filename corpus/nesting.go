package corpus

import "bytes"

// maxLinePrefix is the most bytes of container prefix (indentation, '>' and
// list markers) a line keeps before it is parsed. goldmark checks every open
// container on every line, so a line nested d containers deep costs d: without
// a cap, deep nesting makes parsing quadratic (or worse) in the input size.
// 128 bytes is far beyond any real page (the WorkOS docs nest less than 20
// columns) and keeps at least 32 levels.
const maxLinePrefix = 128

// clampNesting cuts the container prefix of every line outside fenced code to
// maxLinePrefix bytes, dropping its outermost part, so the parse of any input
// costs time linear in its size. Text after the prefix is kept as is: no word
// is lost, only nesting deeper than the cap is.
func clampNesting(src []byte) []byte {
	var out []byte // nil until a line needs cutting
	var fence fenceState
	for i := 0; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		line := src[i:end]
		if fence.inside() || fence.opens(line) {
			fence.update(line)
		} else if n := prefixLen(line); n > maxLinePrefix {
			if out == nil {
				out = append(make([]byte, 0, len(src)), src[:i]...)
			}
			out = append(out, line[cutPoint(line, n):]...)
			if end < len(src) {
				out = append(out, '\n')
			}
			i = end + 1
			continue
		}
		if out != nil {
			out = append(out, src[i:min(end+1, len(src))]...)
		}
		i = end + 1
	}
	if out == nil {
		return src
	}
	return out
}

// prefixLen returns the length of line's container prefix: spaces, tabs,
// '>' and list markers ("-", "+", "*", "1." or "1)" followed by a blank).
func prefixLen(line []byte) int {
	i := 0
	for i < len(line) {
		if n := markerLen(line[i:]); n > 0 {
			i += n
			continue
		}
		break
	}
	return i
}

// markerLen returns the length of the prefix token at the start of s (one
// blank, one '>', or a list marker without its blank), 0 when there is none.
func markerLen(s []byte) int {
	switch c := s[0]; {
	case c == ' ' || c == '\t' || c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		if len(s) > 1 && (s[1] == ' ' || s[1] == '\t') {
			return 1
		}
	case c >= '0' && c <= '9':
		j := 0
		for j < len(s) && j < 9 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j+1 < len(s) && (s[j] == '.' || s[j] == ')') && (s[j+1] == ' ' || s[j+1] == '\t') {
			return j + 1
		}
	}
	return 0
}

// cutPoint returns where to start line so that at most maxLinePrefix bytes
// of its n-byte prefix stay, cutting only between tokens.
func cutPoint(line []byte, n int) int {
	i := 0
	for n-i > maxLinePrefix {
		i += markerLen(line[i:])
	}
	return i
}
