package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestRedactError: a PostgreSQL error keeps its code and the names of what it
// concerns, never a value quoted in its message or its detail.
func TestRedactError(t *testing.T) {
	pg := &pgconn.PgError{Severity: "ERROR", Code: "22P02", Message: `invalid input syntax for type uuid: "secret-value"`,
		Detail: "Key (email)=(someone@example.cn) already exists.", ConstraintName: "users_email_key", TableName: "users"}
	got := redacted{fmt.Errorf("create: %w", pg)}.Error()
	for _, leak := range []string{"secret-value", "someone@example.cn"} {
		if strings.Contains(got, leak) {
			t.Errorf("%q leaks %q", got, leak)
		}
	}
	for _, keep := range []string{"22P02", "invalid input syntax for type uuid", "users_email_key", "table=users"} {
		if !strings.Contains(got, keep) {
			t.Errorf("%q lost %q", got, keep)
		}
	}
}
