package app

import (
	"context"
	"errors"
	"io"

	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/domain/document"
)

// documentStorage keeps documents' bytes in the blob store.
type documentStorage struct{ s *blob.Store }

func (d documentStorage) Put(ctx context.Context, key string, r io.Reader, mediaType string, limit int64) (document.Stored, error) {
	st, err := d.s.Put(ctx, key, r, mediaType, limit)
	if errors.Is(err, blob.ErrTooLarge) {
		return document.Stored{}, document.ErrTooLarge
	}
	return document.Stored{Size: st.Size, SHA256: st.SHA256}, err
}

func (d documentStorage) Open(ctx context.Context, key string) (document.Content, error) {
	return d.s.Open(ctx, key)
}

func (d documentStorage) Delete(ctx context.Context, key string) error { return d.s.Delete(ctx, key) }

func (d documentStorage) Keys(ctx context.Context) ([]string, error) { return d.s.Keys(ctx, "") }
