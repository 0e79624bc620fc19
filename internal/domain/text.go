package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StorableText reports whether both databases can hold s as text the same
// way: valid UTF-8 without NUL. PostgreSQL refuses either; SQLite would store
// them silently, so every text from outside (JSON bodies, cursors, headers,
// workbook cells) is checked against this at the edge, alike for both.
func StorableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// TextKind is how much of a line a text field may span.
type TextKind int

const (
	// SingleLine text (a title, a name): no control character at all, no
	// line break, no bidirectional override. A CR in a title would reach
	// the headers of an e-mail; an override reorders what a reader sees.
	SingleLine TextKind = iota
	// MultiLine text (a problem statement, a report): line feeds and tabs
	// allowed, nothing else of the control characters. Line ends arrive
	// normalized (NormalizeLines) before they are checked.
	MultiLine
)

// CleanText reports whether s is storable text of the kind: see TextKind.
func CleanText(s string, kind TextKind) bool {
	if !StorableText(s) {
		return false
	}
	for _, r := range s {
		if (r == '\n' || r == '\t') && kind == MultiLine {
			continue
		}
		if unicode.IsControl(r) || BidiControl(r) {
			return false
		}
	}
	return true
}

// BidiControl reports the characters that embed, override or isolate a run
// of text's direction (U+202A–U+202E, U+2066–U+2069): what makes "gpj.exe"
// show as "exe.jpg". The plain marks (U+200E, U+200F) stay allowed.
func BidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// NormalizeLines turns every line end (CR LF, a lone CR) into LF.
func NormalizeLines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	return lineEnds.Replace(s)
}

var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// The problem with a text field that holds what its kind refuses.
var (
	CodeSingleLine = NewCode("single_line", "must be one line of text, without control or text-direction characters",
		"须为单行文本，不得包含控制字符或文字方向控制符")
	CodeMultiLine = NewCode("multi_line", "must be text without control or text-direction characters (line breaks and tabs allowed)",
		"不得包含控制字符或文字方向控制符（可换行、可用制表符）")
)

// Code is the problem code for text that is not clean of this kind.
func (k TextKind) Code() Code {
	if k == MultiLine {
		return CodeMultiLine
	}
	return CodeSingleLine
}
