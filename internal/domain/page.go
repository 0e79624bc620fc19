package domain

// Page asks for one page of a keyset-paged list: at most Limit items that sort
// after the item whose key is After ("" = from the start).
type Page struct {
	Limit int
	After string
}

const (
	DefaultPageLimit = 20
	MaxPageLimit     = 100
)

// Clamp returns the page with its limit forced into 1..MaxPageLimit.
func (p Page) Clamp() Page {
	switch {
	case p.Limit <= 0:
		p.Limit = DefaultPageLimit
	case p.Limit > MaxPageLimit:
		p.Limit = MaxPageLimit
	}
	return p
}

// List is one page of results; Next is the key to continue after, "" at the end.
type List[T any] struct {
	Items []T
	Next  string
}
