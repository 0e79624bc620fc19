package domain

import (
	"strings"
	"unicode/utf8"
)

// StorableText reports whether both databases can hold s as text the same
// way: valid UTF-8 without NUL. PostgreSQL refuses either; SQLite would store
// them silently, so every text from outside (JSON bodies, cursors, headers,
// workbook cells) is checked against this at the edge, alike for both.
func StorableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
