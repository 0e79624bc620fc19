// Command portfolio is the 科创甬江2035 portfolio manager: one binary that
// serves the web app and the API, migrates the database, loads demo data and
// verifies the audit trail.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kcyj2035/portfolio/frontend"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/config"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/mail"
	"github.com/kcyj2035/portfolio/internal/seed"
	"github.com/kcyj2035/portfolio/internal/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `portfolio — the 科创甬江2035 portfolio manager

Usage:
  portfolio [serve]                  run the web app and API (default)
  portfolio migrate up|down|status   manage the database schema
  portfolio seed --demo              load the demo data
  portfolio seed --scale N [--force] the demo data and N times a city's synthetic data (benchmarks)
  portfolio audit verify|seal        recompute the audit hash chain, or seal committed records now
  portfolio healthcheck              exit 0 if the server at PORTFOLIO_ADDR is ready (for containers)
  portfolio version                  print the version

Configuration comes from the environment; see the README.
`

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		var code exitCode
		if errors.As(err, &code) {
			os.Exit(int(code))
		}
		fmt.Fprintln(os.Stderr, "portfolio:", err)
		os.Exit(1)
	}
}

// exitCode is an error that only sets the process's exit status (the
// command has said what it had to say).
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

func run(args []string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "healthcheck":
		return healthcheck(stdout)
	case "serve", "migrate", "seed", "audit":
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	cfg, err := config.FromEnv(os.LookupEnv)
	if err != nil {
		return err
	}
	log := cfg.Logger()
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()

	switch cmd {
	case "migrate":
		return migrate(ctx, db, args, stdout)
	case "serve":
		return serve(ctx, cfg, db, log)
	}
	if _, err := db.MigrateUp(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	a, err := build(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	switch cmd {
	case "seed":
		fs := flag.NewFlagSet("seed", flag.ContinueOnError)
		demo := fs.Bool("demo", false, "load the demo data")
		scale := fs.Float64("scale", 0, "also write N times a city's synthetic data (1: 50,000 challenges, 500,000 bids …)")
		force := fs.Bool("force", false, "with --scale: seed even though the database holds real (non-demo) organizations")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if !*demo && *scale == 0 {
			return errors.New("say what to seed: portfolio seed --demo, or --scale N")
		}
		if err := a.Prepare(ctx, cfg.AdminEmail, cfg.AdminPassword); err != nil {
			return err
		}
		if *scale != 0 {
			fmt.Fprintf(stdout, "seeding %g × the city-scale data on %s\n", *scale, db.Dialect())
			rep, err := seed.Scale(ctx, a, *scale, *force, stdout)
			if err != nil {
				return err
			}
			if rep.Skipped {
				fmt.Fprintln(stdout, "synthetic data already present: nothing to do")
				return nil
			}
			fmt.Fprintf(stdout, "synthetic data written in %.1fs (demo data included)\n", rep.Took.Seconds())
			return nil
		}
		loaded, err := seed.Demo(ctx, a)
		if err != nil {
			return err
		}
		if _, err := a.Audit.SealPending(ctx); err != nil {
			return err
		}
		if loaded {
			fmt.Fprintln(stdout, "demo data loaded")
		} else {
			fmt.Fprintln(stdout, "demo data already present: nothing to do")
		}
		return nil
	case "audit":
		if len(args) != 1 || (args[0] != "verify" && args[0] != "seal") {
			return errors.New("usage: portfolio audit verify|seal")
		}
		if args[0] == "seal" {
			n, err := a.Audit.SealPending(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "sealed %d audit records\n", n)
			return nil
		}
		v, err := a.Audit.Verify(ctx)
		if err != nil {
			return err
		}
		if !v.OK {
			fmt.Fprintf(stdout, "audit chain BROKEN at record %d: %s (%d records verified before it)\n", *v.FirstBad, v.Reason, v.Checked)
			return exitCode(2)
		}
		fmt.Fprintf(stdout, "audit chain ok: %d records verified", v.Checked)
		if v.Unsealed > 0 {
			fmt.Fprintf(stdout, "; %d committed records not sealed yet (the oldest from %s): a running server seals them, or run portfolio audit seal",
				v.Unsealed, v.OldestUnsealedAt.Format(time.RFC3339))
		}
		fmt.Fprintln(stdout)
		return nil
	}
	return nil
}

func migrate(ctx context.Context, db *store.DB, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: portfolio migrate up|down|status")
	}
	var (
		lines []string
		err   error
	)
	switch args[0] {
	case "up":
		lines, err = db.MigrateUp(ctx)
	case "down":
		lines, err = db.MigrateDown(ctx)
	case "status":
		lines, err = db.MigrationStatus(ctx)
	default:
		return errors.New("usage: portfolio migrate up|down|status")
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if err == nil && len(lines) == 0 {
		fmt.Fprintln(stdout, "nothing to do")
	}
	return err
}

// jwtSecret is the configured secret, or (embedded database only) one made
// once and kept in the data dir.
func jwtSecret(cfg config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.JWTSecret != "" {
		return []byte(cfg.JWTSecret), nil
	}
	path := filepath.Join(cfg.DataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, err
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("keep the generated JWT secret: %w", err)
	}
	log.Info("generated a JWT secret and kept it in the data dir (set PORTFOLIO_JWT_SECRET to choose one)", "file", path)
	return []byte(secret), nil
}

// A binary built with the testclock tag (testclock.go; the browser tests'
// build) serves on a clock the tests advance through a loopback-only control,
// so that they need not wait for a real deadline. A normal build sets
// neither, and no configuration can: the control is not in its code.
var (
	testClock   *domain.OffsetClock
	testControl func(http.Handler) http.Handler
)

func build(ctx context.Context, cfg config.Config, db *store.DB, log *slog.Logger) (*app.App, error) {
	secret, err := jwtSecret(cfg, log)
	if err != nil {
		return nil, err
	}
	blobs, err := blob.Open(ctx, cfg.BlobURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	log.Debug("documents are kept in", "store", blobs.String())
	var mailConfig *mail.Config
	if cfg.SMTPURL != "" {
		u, err := mail.ParseURL(cfg.SMTPURL)
		if err != nil {
			return nil, err
		}
		mailConfig = &mail.Config{URL: u, From: cfg.MailFrom}
		log.Info("notifications are also e-mailed", "smtp", u.Redacted())
	}
	var previous [][]byte
	for _, p := range cfg.JWTPreviousSecrets {
		previous = append(previous, []byte(p))
	}
	var clock domain.Clock = domain.SystemClock{}
	if testClock != nil {
		clock = testClock
		log.Warn("TEST BUILD: the clock can be advanced from loopback (POST /_test/clock?advance=); never deploy this binary")
	}
	return app.New(db, app.Options{
		Clock: clock, JWTSecret: secret, JWTPreviousSecrets: previous, Mail: mailConfig, BcryptCost: cfg.BcryptCost, Logger: log, Blobs: blobs, MaxDocumentSize: cfg.DocumentMaxBytes,
		HTTP: handlers.Deps{
			MetricsToken: cfg.MetricsToken, CORSOrigins: cfg.CORSOrigins, TrustedProxies: cfg.TrustedProxies,
			HSTS: cfg.HSTS, WebApp: frontend.Dist(), Version: version,
		},
	})
}

func serve(ctx context.Context, cfg config.Config, db *store.DB, log *slog.Logger) error {
	applied, err := db.MigrateUp(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, l := range applied {
		log.Info("migration applied", "migration", l)
	}
	a, err := build(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	if err := a.Prepare(ctx, cfg.AdminEmail, cfg.AdminPassword); err != nil {
		return err
	}
	// Seal what an earlier process committed but did not seal (a crash loses
	// nothing), then every record shortly after its commit.
	go a.Audit.RunSealer(ctx, cfg.AuditSealEvery, db.AuditCommitted(), log)
	if cfg.Demo {
		loaded, err := seed.Demo(ctx, a)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if loaded {
			log.Info("demo data loaded", "accounts", "see README", "password", "(the demo password)")
		}
	}
	handler := a.Server.Handler()
	if testControl != nil {
		handler = testControl(handler)
	}
	srv := &http.Server{
		Addr: cfg.Addr, Handler: handler,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 10 * time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
	}
	servers := []*http.Server{srv}
	if cfg.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(a.Metrics, promhttp.HandlerOpts{}))
		if cfg.Pprof {
			mux.HandleFunc("/debug/pprof/", pprof.Index)
			mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
			mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
			mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
			mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		}
		servers = append(servers, &http.Server{Addr: cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second})
	}
	go a.SweepDeadlines(ctx, time.Minute, log)
	go a.FlushDenied(ctx, 10*time.Second, log)
	go a.SweepOrphanDocuments(ctx, time.Hour, log)
	go a.DeliverMail(ctx, 10*time.Second, log)
	errs := make(chan error, len(servers))
	for _, s := range servers {
		go func(s *http.Server) {
			log.Info("listening", "addr", s.Addr, "database", db.Dialect(), "version", version)
			if err := s.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs <- err
			}
		}(s)
	}
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(sctx); err != nil {
			log.Warn("shutdown", "addr", s.Addr, "err", err)
		}
	}
	if err := a.Audit.FlushDenied(sctx, true); err != nil {
		log.Warn("record the counts of refused attempts", "err", err)
	}
	if _, err := a.Audit.SealPending(sctx); err != nil {
		log.Warn("seal audit records (the next start seals them)", "err", err)
	}
	// Another process takes the background work over at its next turn.
	if err := a.Leader.Resign(sctx); err != nil {
		log.Warn("give up the lead of the background work", "err", err)
	}
	return nil
}

// healthcheck asks the local server's /readyz; container images have no curl.
func healthcheck(stdout io.Writer) error {
	cfg, err := config.FromEnv(os.LookupEnv)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("PORTFOLIO_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/readyz")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	fmt.Fprintln(stdout, "readyz:", resp.Status)
	if resp.StatusCode != http.StatusOK {
		return exitCode(1)
	}
	return nil
}
