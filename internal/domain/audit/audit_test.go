package audit_test

import (
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

func chain(t *testing.T, n int) []audit.Record {
	t.Helper()
	var recs []audit.Record
	prevSeq, prevHash := int64(0), audit.GenesisHash
	for i := 0; i < n; i++ {
		r, err := audit.NewRecord(domain.Actor{UserID: "u1", OrgID: "o1", Role: domain.RoleAdmin},
			time.Date(2026, 1, 1, 0, 0, i, 123456789, time.UTC), audit.Entry{Action: "x.do", Entity: "x", EntityID: "1",
				Changes: map[string]int{"n": i}})
		if err != nil {
			t.Fatal(err)
		}
		r.Seal(prevSeq, prevHash)
		prevSeq, prevHash = r.Seq, r.Hash
		recs = append(recs, r)
	}
	return recs
}

func TestSealLinksRecords(t *testing.T) {
	recs := chain(t, 3)
	if recs[0].PrevHash != audit.GenesisHash || recs[0].Seq != 1 {
		t.Fatalf("first record: seq %d prev %s", recs[0].Seq, recs[0].PrevHash)
	}
	for i := 1; i < len(recs); i++ {
		if recs[i].PrevHash != recs[i-1].Hash || recs[i].Seq != recs[i-1].Seq+1 {
			t.Fatalf("record %d is not linked to the one before", i)
		}
	}
	if recs[0].OccurredAt.Nanosecond()%1000 != 0 {
		t.Fatalf("time not truncated to microseconds: %v", recs[0].OccurredAt)
	}
}

func TestHashCoversEveryField(t *testing.T) {
	base := chain(t, 1)[0]
	mutations := map[string]func(r *audit.Record){
		"seq":        func(r *audit.Record) { r.Seq++ },
		"time":       func(r *audit.Record) { r.OccurredAt = r.OccurredAt.Add(time.Microsecond) },
		"actor":      func(r *audit.Record) { r.ActorID = "u2" },
		"role":       func(r *audit.Record) { r.ActorRole = "expert" },
		"org":        func(r *audit.Record) { r.ActorOrg = "o2" },
		"action":     func(r *audit.Record) { r.Action = "x.undo" },
		"entity":     func(r *audit.Record) { r.Entity = "y" },
		"entity id":  func(r *audit.Record) { r.EntityID = "2" },
		"ip":         func(r *audit.Record) { r.ClientIP = "10.0.0.1" },
		"request id": func(r *audit.Record) { r.RequestID = "r" },
		"changes":    func(r *audit.Record) { r.Changes = `{"n":1}` },
		"prev hash":  func(r *audit.Record) { r.PrevHash = "ff" },
		// Moving text between two fields must change the hash too.
		"boundary": func(r *audit.Record) { r.Entity, r.EntityID = r.Entity+r.EntityID, "" },
	}
	for name, mutate := range mutations {
		r := base
		mutate(&r)
		if r.ComputeHash() == base.Hash {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
}
