// Package blobtest opens the document stores tests run on: a folder, and S3
// spoken over real HTTP to an S3-protocol server (gofakes3) on loopback.
package blobtest

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/kcyj2035/portfolio/internal/blob"
)

// Folder is a store in a folder that lives as long as the test.
func Folder(t testing.TB) *blob.Store {
	t.Helper()
	s, err := blob.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// S3 is a store in a bucket of an S3 server started on 127.0.0.1 for the
// test; the credentials come from the environment, as in production.
func S3(t *testing.T) *blob.Store {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("docs"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "portfolio-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "portfolio-test-secret")
	s, err := blob.Open(context.Background(), "s3://docs?region=us-east-1&use_path_style=true&endpoint="+srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Each runs fn on both stores.
func Each(t *testing.T, fn func(t *testing.T, s *blob.Store)) {
	t.Run("folder", func(t *testing.T) { fn(t, Folder(t)) })
	t.Run("s3", func(t *testing.T) { fn(t, S3(t)) })
}
