package domain

import "context"

// Transactor runs fn in one database transaction. The transaction travels in
// the context, so repositories called with that context take part in it and
// services compose: a nested InTx joins the outer transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
