package app

import (
	"context"
	"errors"
	"io"

	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/document"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// documentStorage keeps documents' bytes in the blob store. A store that
// cannot be reached is the domain's Unavailable (503, "try again shortly"),
// as the database's outages are, never an internal error.
type documentStorage struct{ s *blob.Store }

func storageErr(err error) error {
	if errors.Is(err, blob.ErrUnavailable) {
		return domain.Unavailable(err, domain.Msg("the document store is unavailable: try again shortly", "文档存储暂不可用，请稍后重试"))
	}
	return err
}

func (d documentStorage) Put(ctx context.Context, key string, r io.Reader, mediaType string, limit int64) (document.Stored, error) {
	st, err := d.s.Put(ctx, key, r, mediaType, limit)
	if errors.Is(err, blob.ErrTooLarge) {
		return document.Stored{}, document.ErrTooLarge
	}
	return document.Stored{Size: st.Size, SHA256: st.SHA256}, storageErr(err)
}

func (d documentStorage) Open(ctx context.Context, key string) (document.Content, error) {
	c, err := d.s.Open(ctx, key)
	if err != nil {
		return nil, storageErr(err)
	}
	return c, nil
}

func (d documentStorage) Delete(ctx context.Context, key string) error {
	return storageErr(d.s.Delete(ctx, key))
}

func (d documentStorage) Keys(ctx context.Context) ([]string, error) {
	keys, err := d.s.Keys(ctx, "")
	return keys, storageErr(err)
}

// projectDocument answers whether a document belongs to a project itself
// (a disbursement's voucher).
func projectDocument(repo document.Repository) project.DocumentCheck {
	return func(ctx context.Context, documentID, projectID string) (bool, error) {
		d, err := repo.Get(ctx, documentID)
		if domain.KindOf(err) == domain.KindNotFound {
			return false, nil
		} else if err != nil {
			return false, err
		}
		return d.ParentType == document.ParentProject && d.ParentID == projectID, nil
	}
}
