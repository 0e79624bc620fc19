package domain_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

func TestDate(t *testing.T) {
	for _, bad := range []string{"", "2026-02-30", "2026-2-3", "20261201", "2026-12-01T00:00:00Z", "tomorrow"} {
		if _, err := domain.ParseDate(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	d, err := domain.ParseDate("2026-12-08")
	if err != nil || d.String() != "2026-12-08" || d.Year() != 2026 {
		t.Fatalf("%v %v", d, err)
	}
	// Beijing's day, whatever the instant's zone: 16:30 UTC is the next day there.
	if got := domain.DateOf(time.Date(2026, 12, 7, 16, 30, 0, 0, time.UTC)); got != d {
		t.Errorf("DateOf = %s", got)
	}
	if got := d.Start(); !got.Equal(time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Start = %s", got)
	}
	if d.AddMonths(3).String() != "2027-03-08" || d.AddDays(-8).String() != "2026-11-30" {
		t.Error("arithmetic")
	}
	// JSON and SQL round trips, the zero Date as "".
	b, _ := json.Marshal(struct{ D, Z domain.Date }{D: d})
	if string(b) != `{"D":"2026-12-08","Z":""}` {
		t.Errorf("JSON %s", b)
	}
	var back struct{ D, Z domain.Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != d || !back.Z.IsZero() {
		t.Errorf("JSON back %v %v", back, err)
	}
	v, _ := d.Value()
	var scanned domain.Date
	if err := scanned.Scan(v); err != nil || scanned != d {
		t.Errorf("SQL round trip %v %v", scanned, err)
	}
	if err := scanned.Scan([]byte("2026-01-31")); err != nil || scanned.String() != "2026-01-31" {
		t.Errorf("scan bytes %v %v", scanned, err)
	}

	// Bounds (outside review, finding 6: a disbursement dated 0000-01-01).
	today := d
	s := func(v string) *string { return &v }
	var p domain.Problems
	p.PastDate("a", s("0000-01-01"), today)
	p.PastDate("b", s("2026-12-09"), today)
	p.PlanDate("c", s("9999-12-31"))
	p.PlanDate("d", s("1999-12-31"))
	p.PastDate("e", s("31/12/2026"), today)
	if _, ok := p.PastDate("ok", s("2026-12-08"), today); !ok {
		t.Error("today refused")
	}
	if _, ok := p.PlanDate("ok", s("2100-12-31")); !ok {
		t.Error("2100-12-31 refused")
	}
	if _, ok := p.PlanDate("nil", nil); ok {
		t.Error("nil is good")
	}
	want := []string{"a:date.range", "b:date.future", "c:date.range", "d:date.range", "e:date"}
	if len(p) != len(want) {
		t.Fatalf("problems %v", p)
	}
	for i, e := range p {
		if got := e.Field + ":" + e.Code; got != want[i] {
			t.Errorf("problem %d: %s, want %s", i, got, want[i])
		}
	}
}
