// Package blob keeps documents' bytes in an object store behind one
// interface (gocloud.dev/blob): a folder under the data directory by default
// (zero set-up), any S3-compatible store in production. Bytes stream in and
// out; nothing holds a whole file in memory.
//
//	file:///var/lib/portfolio/documents
//	s3://portfolio-docs?region=cn-east-1&endpoint=https://s3.example.cn&use_path_style=true
//
// S3 credentials come from the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY …), never from the URL.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	gblob "gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/s3blob" // s3:// URLs
	"gocloud.dev/gcerrors"
)

// ErrNotFound is returned for a key the store does not hold.
var ErrNotFound = errors.New("blob: not found")

// ErrTooLarge is returned by Put when the stream is longer than its limit;
// nothing is left stored.
var ErrTooLarge = errors.New("blob: larger than the limit")

// ErrUnavailable wraps every failure of the store itself (refused or broken
// connections, the server's errors), as opposed to a missing key, the limit,
// or the reader Put copies from failing: the store may work again shortly.
var ErrUnavailable = errors.New("blob: the store is unavailable")

// unavailable marks err, a failure of the store, unless the caller's context
// ended (the caller went away: nothing is wrong with the store).
func unavailable(ctx context.Context, err error) error {
	if err == nil || ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// source remembers whether the reader Put copies from failed, so that its
// failures (the client's) are told from the store's.
type source struct {
	r   io.Reader
	err error
}

func (s *source) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// Store is an open bucket.
type Store struct {
	bucket *gblob.Bucket
	url    string     // without credentials: for logs
	s3     *s3.Client // for S3 stores: the client the uploads are tuned on
}

// Open opens the store at rawURL; empty means a folder "documents" under
// dataDir, created if missing.
func Open(ctx context.Context, rawURL, dataDir string) (*Store, error) {
	if rawURL == "" {
		dir, err := filepath.Abs(filepath.Join(dataDir, "documents"))
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("blob: create %s: %w", dir, err)
		}
		b, err := fileblob.OpenBucket(dir, &fileblob.Options{NoTempDir: true})
		if err != nil {
			return nil, fmt.Errorf("blob: open %s: %w", dir, err)
		}
		return &Store{bucket: b, url: "file://" + dir}, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "file" && u.Scheme != "s3") {
		return nil, errors.New("PORTFOLIO_BLOB_URL must be a file:// or s3:// URL")
	}
	if u.User != nil {
		return nil, errors.New("PORTFOLIO_BLOB_URL must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	b, err := gblob.OpenBucket(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", u.Redacted(), err)
	}
	st := &Store{bucket: b, url: u.Redacted()}
	if u.Scheme == "s3" && !b.As(&st.s3) {
		return nil, errors.New("blob: the S3 driver has no client")
	}
	return st, nil
}

// tuneUpload makes an S3 upload hold little memory however large the file:
// parts of S3's smallest size, one at a time, and parts from the first
// 5 MiB on. The Go CDK sets only the part size and the concurrency; the
// transfer manager's own default still read the first 16 MiB whole before
// deciding on a multipart upload (a 50 MiB upload held 40 MiB). Its
// documented escape hatch (BeforeWrite's As) hands over the transfer
// manager, which is set up again here with the same S3 client and checksum
// setting.
func (s *Store) tuneUpload(as func(any) bool) error {
	var tm *transfermanager.Client
	if s.s3 == nil || !as(&tm) {
		return nil
	}
	*tm = *transfermanager.New(s.s3, func(o *transfermanager.Options) {
		o.RequestChecksumCalculation = s.s3.Options().RequestChecksumCalculation
		o.PartSizeBytes, o.Concurrency, o.MultipartUploadThreshold = partSize, 1, partSize
	})
	return nil
}

// String names the store for logs (never credentials).
func (s *Store) String() string { return s.url }

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }

// partSize is S3's smallest multipart part.
const partSize = 5 << 20

// Stored is what Put learned about the bytes on the way.
type Stored struct {
	Size   int64
	SHA256 string // hex
}

// Put streams r into key, at most limit bytes, computing the SHA-256 as the
// bytes pass. Past the limit it stops, removes what it wrote and returns
// ErrTooLarge; on any error nothing is left under key.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, contentType string, limit int64) (Stored, error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := s.bucket.NewWriter(wctx, key, &gblob.WriterOptions{ContentType: contentType, BeforeWrite: s.tuneUpload})
	if err != nil {
		return Stored{}, unavailable(ctx, err)
	}
	h := sha256.New()
	src := &source{r: r}
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(src, limit+1))
	if err == nil && n > limit {
		err = ErrTooLarge
	} else if err != nil && src.err == nil {
		err = unavailable(ctx, err)
	}
	if err != nil {
		cancel() // a cancelled writer discards what it wrote
		_ = w.Close()
		s.discard(ctx, key, err)
		return Stored{}, err
	}
	if err := w.Close(); err != nil {
		err = unavailable(ctx, err)
		s.discard(ctx, key, err)
		return Stored{}, err
	}
	return Stored{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// discard deletes what a failed Put may have left, unless the store itself
// failed: a delete would only wait out the same outage, and the orphaned-bytes
// sweep removes leftovers later.
func (s *Store) discard(ctx context.Context, key string, err error) {
	if !errors.Is(err, ErrUnavailable) {
		_ = s.Delete(context.WithoutCancel(ctx), key)
	}
}

// Reader streams length bytes of key from offset (length < 0: to the end).
func (s *Store) Reader(ctx context.Context, key string, offset, length int64) (io.ReadCloser, error) {
	r, err := s.bucket.NewRangeReader(ctx, key, offset, length, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, ErrNotFound
	}
	return r, unavailable(ctx, err)
}

// Open streams key from any offset: Seek moves, and the next Read fetches
// from there (a ranged request on S3).
func (s *Store) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	r, err := s.bucket.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, unavailable(ctx, err)
	}
	return r, nil
}

// Size is the stored length of key.
func (s *Store) Size(ctx context.Context, key string) (int64, error) {
	a, err := s.bucket.Attributes(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, unavailable(ctx, err)
	}
	return a.Size, nil
}

// Delete removes key; a missing key is not an error (cleaning up is idempotent).
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil
	}
	return unavailable(ctx, err)
}

// Keys lists the keys under prefix (for cleaning up orphaned bytes).
func (s *Store) Keys(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	it := s.bucket.List(&gblob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, unavailable(ctx, err)
		}
		if !strings.HasSuffix(obj.Key, "/") {
			out = append(out, obj.Key)
		}
	}
}
