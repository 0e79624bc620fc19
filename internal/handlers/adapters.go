package handlers

import (
	"context"
	"net/http"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/labstack/echo/v4"
)

// Page is a keyset-paged list.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// Items is an unpaged list.
type Items[T any] struct {
	Items []T `json:"items"`
}

func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}

// VersionRequest is the body of an action on a versioned resource; version
// is optional (without it the action applies to the current state).
type VersionRequest struct {
	Version *int `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// ReasonRequest is the body of return, reject, cancel and fail.
type ReasonRequest struct {
	Reason  string `json:"reason" validate:"required,max=2000" text:"multiline"`
	Version *int   `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// The steps every handler repeats — decode the body, find the version the
// caller names, call the service with the request's context and actor, answer
// with a DTO — behind small adapters, so a handler says only what is its own:
//
//	version, err := decodeVersioned(c, &in, &in.Version)
//	…
//	return reply(c, http.StatusOK, bidDTO)(s.deps.Challenges.UpdateBid(ctxOf(c), actorOf(c), c.Param("id"), in.domain(), version))

// ctxOf is the request's context, which carries its deadline (and, for an
// idempotent create, its transaction).
func ctxOf(c echo.Context) context.Context { return c.Request().Context() }

// reply answers status with the DTO of what a service returned, or passes its
// error on to the error handler.
func reply[Out, DTO any](c echo.Context, status int, dto func(Out) DTO) func(Out, error) error {
	return func(out Out, err error) error {
		if err != nil {
			return err
		}
		d := []DTO{dto(out)}
		if err := nameOrgs(c, d); err != nil {
			return err
		}
		return c.JSON(status, d[0])
	}
}

// replyPage answers a keyset page: its items as DTOs and the cursor to the next.
func replyPage[T, DTO any](c echo.Context, dto func(T) DTO) func(domain.List[T], error) error {
	return func(l domain.List[T], err error) error {
		if err != nil {
			return err
		}
		items := mapSlice(l.Items, dto)
		if err := nameOrgs(c, items); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, Page[DTO]{Items: items, NextCursor: cursorOf(l.Next)})
	}
}

// replyItems answers an unpaged list.
func replyItems[T, DTO any](c echo.Context, dto func(T) DTO) func([]T, error) error {
	return func(l []T, err error) error {
		if err != nil {
			return err
		}
		items := mapSlice(l, dto)
		if err := nameOrgs(c, items); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, Items[DTO]{Items: items})
	}
}

// decodeVersioned reads the body into dst and returns the version the caller
// names: the body's version field (field points at it) or an If-Match header.
func decodeVersioned(c echo.Context, dst any, field **int) (*int, error) {
	if err := decodeJSON(c, dst); err != nil {
		return nil, err
	}
	return ifMatch(c, *field)
}

// decodeVersionOnly reads an optional {"version": n} body (or If-Match), for
// actions that take nothing else.
func decodeVersionOnly(c echo.Context) (*int, error) {
	var in VersionRequest
	if err := decodeOptionalJSON(c, &in); err != nil {
		return nil, err
	}
	return ifMatch(c, in.Version)
}

// decodeCreate reads the body of a create into dst; a new resource has no
// version yet, so naming one is refused.
func decodeCreate(c echo.Context, dst any, field **int) error {
	if err := decodeJSON(c, dst); err != nil {
		return err
	}
	if *field != nil {
		return badVersionOnCreate()
	}
	return nil
}

// decodeDecision reads a decision's body: {reason, version} when it needs a
// reason (reject, return), else an optional {version}.
func decodeDecision(c echo.Context, withReason bool) (reason *string, version *int, err error) {
	if !withReason {
		version, err = decodeVersionOnly(c)
		return nil, version, err
	}
	var in ReasonRequest
	if err := decodeJSON(c, &in); err != nil {
		return nil, nil, err
	}
	return &in.Reason, in.Version, nil
}
