// Package domain holds the program's language and rules: the error kinds, the
// actor, the clock and the transaction boundary every service uses. It imports
// no web framework, ORM or token library.
package domain

import (
	"errors"
	"fmt"
)

// Kind classifies a domain error; the HTTP layer maps each kind to a status.
type Kind int

const (
	KindInternal        Kind = iota // a bug or an unexpected failure: never caused by the caller
	KindBadRequest                  // the request itself is malformed (400)
	KindUnauthenticated             // no or bad credentials (401)
	KindForbidden                   // known to the caller but not allowed (403)
	KindNotFound                    // absent or not visible to the caller (404)
	KindConflict                    // state conflict, stale version, duplicate (409)
	KindInvalid                     // a field or business rule fails (422)
	KindTooManyRequests             // throttled (429)
	KindUnavailable                 // a dependency (the database) is down (503)
	KindTooLarge                    // an upload over its size limit (413)
	KindUnsupportedType             // an upload of a type outside the allowlist (415)
)

var kindNames = map[Kind]string{
	KindInternal:        "internal",
	KindBadRequest:      "bad_request",
	KindUnauthenticated: "unauthenticated",
	KindForbidden:       "forbidden",
	KindNotFound:        "not_found",
	KindConflict:        "conflict",
	KindInvalid:         "invalid",
	KindTooManyRequests: "too_many_requests",
	KindUnavailable:     "unavailable",
	KindTooLarge:        "too_large",
	KindUnsupportedType: "unsupported_type",
}

func (k Kind) String() string { return kindNames[k] }

// Kinds lists every kind, so a test can prove each one is mapped.
func Kinds() []Kind {
	return []Kind{KindInternal, KindBadRequest, KindUnauthenticated, KindForbidden, KindNotFound,
		KindConflict, KindInvalid, KindTooManyRequests, KindUnavailable, KindTooLarge, KindUnsupportedType}
}

// FieldError names one request field and what is wrong with it: a stable
// code, its params, and the message said in the caller's language (Problem
// makes one; In says it in another language).
type FieldError struct {
	Field   string         `json:"field"`
	Code    string         `json:"code" enum:"message.code"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

// Error is the one error type services return to callers.
type Error struct {
	Kind    Kind
	Message string       // safe to show to the caller
	Fields  []FieldError // for KindInvalid
	Err     error        // the cause, for logs only

	// The message in both languages and its args, to say it in the
	// caller's language (MessageIn).
	msg  Text
	args []any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, domain.ErrConflict) match any error of that kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is; they carry only a kind.
var (
	ErrBadRequest      = &Error{Kind: KindBadRequest}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated}
	ErrForbidden       = &Error{Kind: KindForbidden}
	ErrNotFound        = &Error{Kind: KindNotFound}
	ErrConflict        = &Error{Kind: KindConflict}
	ErrInvalid         = &Error{Kind: KindInvalid}
	ErrTooManyRequests = &Error{Kind: KindTooManyRequests}
	ErrUnavailable     = &Error{Kind: KindUnavailable}
)

func newError(k Kind, msg Text, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(msg.En, args...), msg: msg, args: args}
}

// The error makers take their message in both languages (Msg), so a message
// without its Chinese cannot be written; the English is also what logs say.
func BadRequest(msg Text, args ...any) error      { return newError(KindBadRequest, msg, args...) }
func Unauthenticated(msg Text, args ...any) error { return newError(KindUnauthenticated, msg, args...) }
func Forbidden(msg Text, args ...any) error       { return newError(KindForbidden, msg, args...) }
func NotFound(msg Text, args ...any) error        { return newError(KindNotFound, msg, args...) }
func Conflict(msg Text, args ...any) error        { return newError(KindConflict, msg, args...) }
func TooManyRequests(msg Text, args ...any) error { return newError(KindTooManyRequests, msg, args...) }

// TooLarge is a 413: an upload past its size limit.
func TooLarge(msg Text, args ...any) error { return newError(KindTooLarge, msg, args...) }

// UnsupportedType is a 415: an upload whose content is of a type not accepted.
func UnsupportedType(msg Text, args ...any) error { return newError(KindUnsupportedType, msg, args...) }

// Unavailable wraps a cause (kept for logs) behind a safe message.
func Unavailable(cause error, msg Text, args ...any) error {
	e := newError(KindUnavailable, msg, args...)
	e.Err = cause
	return e
}

// Invalid is a 422 listing every failing field.
func Invalid(msg Text, fields ...FieldError) error {
	return &Error{Kind: KindInvalid, Message: msg.En, Fields: fields, msg: msg}
}

// Invalidf is a 422 whose message has args.
func Invalidf(fields []FieldError, msg Text, args ...any) error {
	e := newError(KindInvalid, msg, args...)
	e.Fields = fields
	return e
}

// KindOf tells the kind of any error; errors that are not *Error are internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Problems collects field errors while validating input, so a caller learns every
// problem at once rather than one per request.
type Problems []FieldError

// Add records that field has the problem code, with its params as name,
// value pairs.
func (p *Problems) Add(field string, code Code, kv ...any) {
	*p = append(*p, Problem(field, code, kv...))
}

// Err returns nil when nothing was added, otherwise a KindInvalid error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return Invalid(Msg("the request has invalid fields", "填写的内容有误"), p...)
}
