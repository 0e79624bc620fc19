package reference

import "context"

// Lookup is what the other aggregates ask of the reference data. Every
// service that takes a field or a district has one in its dependencies (the
// store's Reference repository is one); none builds its own.
type Lookup interface {
	FieldExists(ctx context.Context, id string) (bool, error)
	DistrictExists(ctx context.Context, id string) (bool, error)
}

// FieldKnown looks the field id a request names up once, before the pure
// validators run, and returns the predicate they take. A database failure is
// returned as such, never taken for "no such field". A nil id needs no look-up.
func FieldKnown(ctx context.Context, l Lookup, id *string) (func(string) bool, error) {
	return known(ctx, l.FieldExists, id)
}

// DistrictKnown is FieldKnown for a district id.
func DistrictKnown(ctx context.Context, l Lookup, id *string) (func(string) bool, error) {
	return known(ctx, l.DistrictExists, id)
}

func known(ctx context.Context, exists func(context.Context, string) (bool, error), id *string) (func(string) bool, error) {
	if id == nil || *id == "" {
		return func(string) bool { return false }, nil
	}
	ok, err := exists(ctx, *id)
	if err != nil {
		return nil, err
	}
	want := *id
	return func(x string) bool { return ok && x == want }, nil
}
