package main

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// s3Server is an S3-protocol server (gofakes3) on a fixed loopback address
// that a test can take down and bring back, its objects kept in memory
// across: an object store that becomes unavailable for a while.
type s3Server struct {
	t       *testing.T
	addr    string
	handler http.Handler
	mu      sync.Mutex
	srv     *http.Server
}

func startS3(t *testing.T) *s3Server {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("docs"); err != nil {
		t.Fatal(err)
	}
	s := &s3Server{t: t, addr: freeAddr(t), handler: gofakes3.New(backend).Server()}
	s.up()
	t.Cleanup(s.down)
	return s
}

// env is what a `portfolio serve` process needs to keep documents here.
func (s *s3Server) env() []string {
	return []string{"PORTFOLIO_BLOB_URL=s3://docs?region=us-east-1&use_path_style=true&endpoint=http://" + s.addr,
		"AWS_ACCESS_KEY_ID=portfolio-test", "AWS_SECRET_ACCESS_KEY=portfolio-test-secret"}
}

// up listens again on the same address (retrying briefly while the old
// socket is released).
func (s *s3Server) up() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var l net.Listener
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, err = net.Listen("tcp", s.addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		s.t.Fatalf("the S3 server cannot listen on %s again: %v", s.addr, err)
	}
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	go func(srv *http.Server) {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("S3 server: %v", err)
		}
	}(s.srv)
}

// down closes the listener and every connection: connections are refused.
func (s *s3Server) down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
}
