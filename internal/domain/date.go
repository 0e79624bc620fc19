package domain

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a civil calendar day as people in the programme mean it (a Beijing
// day): a milestone's due date, the day money was paid. It has no time and no
// zone, is written YYYY-MM-DD in JSON, in SQL (a TEXT column, so that both
// databases compare it alike) and in messages, and is parsed once, where it
// enters. The zero Date is "no date".
type Date struct{ t time.Time } // midnight UTC of the day

// The sane range of any date the software takes: the programme's records go
// back no further than 2000, and nothing is planned past 2100.
var (
	MinDate = NewDate(2000, time.January, 1)
	MaxDate = NewDate(2100, time.December, 31)
)

// NewDate is the given day (out-of-range values normalize as time.Date does).
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf is the Beijing day of an instant.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Beijing).Date()
	return NewDate(y, m, d)
}

// Today is the clock's Beijing day.
func Today(c Clock) Date { return DateOf(c.Now()) }

// ParseDate reads YYYY-MM-DD strictly (a real day of the calendar).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d Date) Before(o Date) bool   { return d.t.Before(o.t) }
func (d Date) After(o Date) bool    { return d.t.After(o.t) }
func (d Date) Compare(o Date) int   { return d.t.Compare(o.t) }
func (d Date) Year() int            { return d.t.Year() }
func (d Date) AddDays(n int) Date   { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) AddMonths(n int) Date { return Date{d.t.AddDate(0, n, 0)} }

// Start is the instant the day begins in Beijing.
func (d Date) Start() time.Time {
	y, m, day := d.t.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, Beijing)
}

// MarshalText writes YYYY-MM-DD (JSON: a string; the zero Date: "").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the day as YYYY-MM-DD text.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a day stored as text (or, from a driver that converts, a time).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		y, m, day := v.Date()
		*d = NewDate(y, m, day)
		return nil
	}
	return fmt.Errorf("cannot read a date from %T", src)
}

// The problems with a date field.
var (
	CodeDateRange  = NewCode("date.range", "must be a day from {min} to {max}", "须为 {min} 至 {max} 之间的日期")
	CodeDateFuture = NewCode("date.future", "must not be later than today", "不能晚于今天")
)

// PastDate reads the day something happened (money paid, a result
// published; nil: not given): from MinDate to today. It adds CodeDate when s
// is no date, CodeDateFuture past today, CodeDateRange before MinDate, and
// answers the day and whether it is good.
func (p *Problems) PastDate(field string, s *string, today Date) (Date, bool) {
	return p.dateIn(field, s, MinDate, today, CodeDateFuture)
}

// PlanDate reads a day planned (a due date, a scenario's availability; nil:
// not given): from MinDate to MaxDate.
func (p *Problems) PlanDate(field string, s *string) (Date, bool) {
	return p.dateIn(field, s, MinDate, MaxDate, CodeDateRange)
}

func (p *Problems) dateIn(field string, s *string, min, max Date, late Code) (Date, bool) {
	if s == nil {
		return Date{}, false
	}
	d, err := ParseDate(*s)
	switch {
	case err != nil:
		p.Add(field, CodeDate)
	case d.After(max) && late == CodeDateFuture:
		p.Add(field, CodeDateFuture)
	case d.Before(min) || d.After(max):
		p.Add(field, CodeDateRange, "min", min.String(), "max", max.String())
	default:
		return d, true
	}
	return Date{}, false
}
