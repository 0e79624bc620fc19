// Package machinetest checks a state machine table against the machine of
// the specification, written out by the test independently of the table.
package machinetest

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Spec is a machine written out: for each action, the state it leads to from
// each state it may start from. Every other (action, state) pair is forbidden.
type Spec[A, S ~string] map[A]map[S]S

// Check tries every action from every state and compares with the spec:
// allowed moves lead where the spec says, forbidden ones are conflicts, and
// the table has exactly the spec's actions. Terminal states (no action of
// the spec leaves them) are checked to have no way out.
func Check[A, S ~string](t *testing.T, m domain.Machine[A, S], states []S, spec Spec[A, S]) {
	t.Helper()
	if len(spec) != len(m.Rows) {
		t.Errorf("%s: the table has %d actions, the spec %d", m.Entity, len(m.Rows), len(spec))
	}
	for action, from := range spec {
		if _, ok := m.Rows[action]; !ok {
			t.Errorf("%s: the table lacks action %s", m.Entity, action)
		}
		for _, st := range states {
			to, err := m.Next(action, st)
			want, ok := from[st]
			switch {
			case ok && (err != nil || to != want):
				t.Errorf("%s: %s from %s gives %s, %v; want %s", m.Entity, action, st, to, err, want)
			case !ok && err == nil:
				t.Errorf("%s: %s from %s is allowed (to %s) but the spec forbids it", m.Entity, action, st, to)
			case !ok && domain.KindOf(err) != domain.KindConflict:
				t.Errorf("%s: %s from %s: error kind %v, want conflict", m.Entity, action, st, domain.KindOf(err))
			}
		}
	}
	if _, err := m.Next("no-such-action", states[0]); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("%s: an unknown action gives %v, want invalid", m.Entity, err)
	}
}
