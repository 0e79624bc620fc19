package domain

import (
	"slices"
)

// Transition is one row of a state machine: its action leads from any of
// From to To.
type Transition[S ~string] struct {
	From []S
	To   S
}

// Machine is a state machine as a table, one row per action. Every aggregate
// declares its machines this way in its machine.go, and its machine_test.go
// writes the same machine out independently of the table (machinetest.Check).
type Machine[A, S ~string] struct {
	Entity Text // named in refusals: "challenge" (榜单) …
	Rows   map[A]Transition[S]
}

// Next is the state action a leads to from state from. An action the table
// does not know is invalid; one it does not allow from there is a conflict
// naming both.
func (m Machine[A, S]) Next(a A, from S) (S, error) {
	t, ok := m.Rows[a]
	if !ok {
		return "", Invalidf(nil, Msg("%s: unknown action %q", "%[1]s：未知操作 %[2]q"), m.Entity, a)
	}
	if !slices.Contains(t.From, from) {
		return "", Conflict(Msg("the %s is %s: %s is not possible from there", "该%[1]s当前为「%[2]s」，不能执行此操作"), m.Entity, from, a)
	}
	return t.To, nil
}

// Allows reports whether action a may be taken from state from.
func (m Machine[A, S]) Allows(a A, from S) bool {
	t, ok := m.Rows[a]
	return ok && slices.Contains(t.From, from)
}

// Actions lists the machine's actions.
func (m Machine[A, S]) Actions() []A {
	out := make([]A, 0, len(m.Rows))
	for a := range m.Rows {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
