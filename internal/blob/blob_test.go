package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/blob/blobtest"
)

// stores are the two drivers: a folder, and S3 over real HTTP against an
// S3-protocol server on loopback.
func stores(t *testing.T) map[string]*blob.Store {
	t.Helper()
	return map[string]*blob.Store{"file": blobtest.Folder(t), "s3": blobtest.S3(t)}
}

// pattern is n deterministic bytes, streamed (never held whole).
type pattern struct{ n, off int64 }

func (p *pattern) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	k := int64(len(b))
	if k > p.n-p.off {
		k = p.n - p.off
	}
	for i := range k {
		b[i] = byte((p.off + i) * 7 % 251)
	}
	p.off += k
	return int(k), nil
}

func TestPutReadDelete(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const size = 3<<20 + 17
			want := sha256.New()
			_, _ = io.Copy(want, &pattern{n: size})
			got, err := s.Put(ctx, "projects/p1/申报书.pdf", &pattern{n: size}, "application/pdf", 10<<20)
			if err != nil {
				t.Fatal(err)
			}
			if got.Size != size || got.SHA256 != hex.EncodeToString(want.Sum(nil)) {
				t.Fatalf("stored %+v", got)
			}
			if n, err := s.Size(ctx, "projects/p1/申报书.pdf"); err != nil || n != size {
				t.Fatalf("size %d, %v", n, err)
			}
			// A range, as a download resumes.
			r, err := s.Reader(ctx, "projects/p1/申报书.pdf", 1<<20, 100)
			if err != nil {
				t.Fatal(err)
			}
			part, _ := io.ReadAll(r)
			_ = r.Close()
			full, _ := io.ReadAll(&pattern{n: size})
			if !bytes.Equal(part, full[1<<20:1<<20+100]) {
				t.Fatalf("range: %d bytes, not the stored ones", len(part))
			}
			if keys, err := s.Keys(ctx, "projects/"); err != nil || len(keys) != 1 {
				t.Fatalf("keys %v, %v", keys, err)
			}
			if err := s.Delete(ctx, "projects/p1/申报书.pdf"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Reader(ctx, "projects/p1/申报书.pdf", 0, -1); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("read after delete: %v", err)
			}
			if err := s.Delete(ctx, "projects/p1/申报书.pdf"); err != nil {
				t.Fatalf("deleting twice: %v", err)
			}
		})
	}
}

// Past the limit nothing stays stored.
func TestPutRefusesTooLarge(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			_, err := s.Put(ctx, "bids/b1/big.pdf", &pattern{n: 2<<20 + 1}, "application/pdf", 2<<20)
			if !errors.Is(err, blob.ErrTooLarge) {
				t.Fatalf("put over the limit: %v", err)
			}
			if _, err := s.Size(ctx, "bids/b1/big.pdf"); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("bytes left after a refused put: %v", err)
			}
			if got, err := s.Put(ctx, "bids/b1/exact.pdf", &pattern{n: 2 << 20}, "application/pdf", 2<<20); err != nil || got.Size != 2<<20 {
				t.Fatalf("exactly at the limit: %+v %v", got, err)
			}
		})
	}
}

func TestOpenRefusesCredentialsAndOtherSchemes(t *testing.T) {
	for _, u := range []string{"s3://key:secret@docs?region=x", "gs://docs", "http://example.cn/docs", "::"} {
		if _, err := blob.Open(context.Background(), u, ""); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

// failing is a source that breaks after some bytes, as a client's upload
// does when the client goes away.
type failing struct{ n int }

func (f *failing) Read(b []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("client went away")
	}
	k := min(len(b), f.n)
	f.n -= k
	return k, nil
}

// TestStoreOutageIsUnavailable: with the S3 server unreachable, every
// operation fails with ErrUnavailable (the caller answers 503); a broken
// source is the source's failure, not the store's; a missing key stays
// ErrNotFound.
func TestStoreOutageIsUnavailable(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		_, err := s.Put(ctx, "broken", &failing{n: 100 << 10}, "application/pdf", 1<<20)
		if err == nil || errors.Is(err, blob.ErrUnavailable) {
			t.Errorf("%s: a broken source: %v, want its own error", name, err)
		}
		if _, err := s.Open(ctx, "missing"); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("%s: a missing key: %v", name, err)
		}
	}
	// An S3 store whose server is gone: connections are refused.
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "portfolio-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "portfolio-test-secret")
	s, err := blob.Open(ctx, "s3://docs?region=us-east-1&use_path_style=true&endpoint="+srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Each waits out the SDK's retries: all at once.
	ops := map[string]func() error{
		"Put": func() error {
			_, err := s.Put(ctx, "k", bytes.NewReader([]byte("%PDF-1.4")), "application/pdf", 1<<20)
			return err
		},
		"Open":   func() error { _, err := s.Open(ctx, "k"); return err },
		"Size":   func() error { _, err := s.Size(ctx, "k"); return err },
		"Keys":   func() error { _, err := s.Keys(ctx, ""); return err },
		"Delete": func() error { return s.Delete(ctx, "k") },
	}
	var wg sync.WaitGroup
	for name, op := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := op(); !errors.Is(err, blob.ErrUnavailable) {
				t.Errorf("%s with the store down: %v", name, err)
			}
		}()
	}
	wg.Wait()
}
