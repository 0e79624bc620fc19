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

// MapList turns a page of one kind of item into a page of another.
func MapList[T, U any](l List[T], f func(T) U) List[U] {
	out := List[U]{Next: l.Next, Items: make([]U, len(l.Items))}
	for i, x := range l.Items {
		out.Items[i] = f(x)
	}
	return out
}

// Paginate fetches one page: it asks fetch for one item more than the limit,
// to learn whether a next page exists, and returns the page with the key of
// its last item as the cursor.
func Paginate[T any](p Page, key func(T) string, fetch func(Page) ([]T, error)) (List[T], error) {
	p = p.Clamp()
	items, err := fetch(Page{Limit: p.Limit + 1, After: p.After})
	if err != nil {
		return List[T]{}, err
	}
	out := List[T]{Items: items}
	if len(items) > p.Limit {
		out.Items = items[:p.Limit]
		out.Next = key(out.Items[p.Limit-1])
	}
	return out, nil
}
