// Package config reads the server's configuration from the environment, with
// safe defaults for a zero-setup start.
package config

import (
	"fmt"
	"log/slog"
	netmail "net/mail"
	"os"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/mail"
)

// Config is everything the binary reads from the environment.
type Config struct {
	Addr        string // PORTFOLIO_ADDR
	DataDir     string // PORTFOLIO_DATA_DIR
	DatabaseURL string // DATABASE_URL: postgres://… or empty for embedded SQLite
	JWTSecret   string // PORTFOLIO_JWT_SECRET: required with PostgreSQL
	// PORTFOLIO_JWT_PREVIOUS_SECRETS (comma-separated): keys rotated out,
	// kept to verify the access tokens they signed until those expire.
	JWTPreviousSecrets []string
	SMTPURL            string   // PORTFOLIO_SMTP_URL: notifications are also e-mailed when set
	MailFrom           string   // PORTFOLIO_MAIL_FROM: the sender's address
	AdminEmail         string   // PORTFOLIO_ADMIN_EMAIL
	AdminPassword      string   // PORTFOLIO_ADMIN_PASSWORD
	Demo               bool     // PORTFOLIO_DEMO=1
	CORSOrigins        []string // PORTFOLIO_CORS_ORIGINS, comma-separated
	LogLevel           slog.Level
	LogFormat          string   // json | text
	MetricsAddr        string   // PORTFOLIO_METRICS_ADDR: a separate listener for /metrics
	MetricsToken       string   // PORTFOLIO_METRICS_TOKEN
	TrustedProxies     []string // PORTFOLIO_TRUSTED_PROXIES, CIDRs
	HSTS               bool     // PORTFOLIO_HSTS=1 when served over TLS
	BcryptCost         int      // PORTFOLIO_BCRYPT_COST
	// PORTFOLIO_AUDIT_SEAL_EVERY: how often the sealer looks for audit records
	// committed by other processes (its own wake it at once).
	AuditSealEvery time.Duration
	Pprof          bool // PORTFOLIO_PPROF=1: /debug/pprof on the metrics listener (needs PORTFOLIO_METRICS_ADDR)
	// PORTFOLIO_BLOB_URL: where documents' bytes live; empty is the folder
	// "documents" under the data directory; s3://bucket?endpoint=…&region=…
	// for any S3-compatible store (credentials from AWS_ACCESS_KEY_ID and
	// AWS_SECRET_ACCESS_KEY, never in the URL).
	BlobURL string
	// PORTFOLIO_DOCUMENT_MAX_MB: one document's size limit in MiB (default 50).
	DocumentMaxBytes int64
}

// FromEnv reads the configuration; lookup is os.LookupEnv outside tests.
func FromEnv(lookup func(string) (string, bool)) (Config, error) {
	get := func(k, def string) string {
		if v, ok := lookup(k); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	c := Config{
		Addr:               get("PORTFOLIO_ADDR", "127.0.0.1:8080"),
		DataDir:            get("PORTFOLIO_DATA_DIR", "./data"),
		DatabaseURL:        get("DATABASE_URL", ""),
		JWTSecret:          get("PORTFOLIO_JWT_SECRET", ""),
		JWTPreviousSecrets: list(get("PORTFOLIO_JWT_PREVIOUS_SECRETS", "")),
		SMTPURL:            get("PORTFOLIO_SMTP_URL", ""),
		MailFrom:           get("PORTFOLIO_MAIL_FROM", "noreply@kcyj2035.local"),
		AdminEmail:         get("PORTFOLIO_ADMIN_EMAIL", ""),
		AdminPassword:      get("PORTFOLIO_ADMIN_PASSWORD", ""),
		Demo:               get("PORTFOLIO_DEMO", "") == "1" || get("PORTFOLIO_DEMO", "") == "true",
		CORSOrigins:        list(get("PORTFOLIO_CORS_ORIGINS", "")),
		LogFormat:          get("PORTFOLIO_LOG_FORMAT", "text"),
		MetricsAddr:        get("PORTFOLIO_METRICS_ADDR", ""),
		MetricsToken:       get("PORTFOLIO_METRICS_TOKEN", ""),
		TrustedProxies:     list(get("PORTFOLIO_TRUSTED_PROXIES", "")),
		HSTS:               get("PORTFOLIO_HSTS", "") == "1",
		BcryptCost:         12,
		AuditSealEvery:     250 * time.Millisecond,
		Pprof:              get("PORTFOLIO_PPROF", "") == "1",
		BlobURL:            get("PORTFOLIO_BLOB_URL", ""),
		DocumentMaxBytes:   50 << 20,
	}
	if v := get("PORTFOLIO_DOCUMENT_MAX_MB", ""); v != "" {
		var mb int64
		if _, err := fmt.Sscan(v, &mb); err != nil || mb < 1 || mb > 2048 {
			return c, fmt.Errorf("PORTFOLIO_DOCUMENT_MAX_MB must be a number of MiB from 1 to 2048")
		}
		c.DocumentMaxBytes = mb << 20
	}
	if c.BlobURL != "" && !strings.HasPrefix(c.BlobURL, "file://") && !strings.HasPrefix(c.BlobURL, "s3://") {
		return c, fmt.Errorf("PORTFOLIO_BLOB_URL must be a file:// or s3:// URL")
	}
	if strings.Contains(strings.SplitN(c.BlobURL, "?", 2)[0], "@") {
		return c, fmt.Errorf("PORTFOLIO_BLOB_URL must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	if v := get("PORTFOLIO_AUDIT_SEAL_EVERY", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 10*time.Millisecond || d > time.Minute {
			return c, fmt.Errorf("PORTFOLIO_AUDIT_SEAL_EVERY must be a duration from 10ms to 1m, such as 250ms")
		}
		c.AuditSealEvery = d
	}
	if c.Pprof && c.MetricsAddr == "" {
		return c, fmt.Errorf("PORTFOLIO_PPROF=1 needs PORTFOLIO_METRICS_ADDR: profiles are served on the metrics listener only")
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("PORTFOLIO_LOG_LEVEL", "info"))); err != nil {
		return c, fmt.Errorf("PORTFOLIO_LOG_LEVEL must be debug, info, warn or error")
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return c, fmt.Errorf("PORTFOLIO_LOG_FORMAT must be json or text")
	}
	if v := get("PORTFOLIO_BCRYPT_COST", ""); v != "" {
		if _, err := fmt.Sscan(v, &c.BcryptCost); err != nil || c.BcryptCost < 4 || c.BcryptCost > 16 {
			return c, fmt.Errorf("PORTFOLIO_BCRYPT_COST must be a number from 4 to 16")
		}
	}
	for _, o := range c.CORSOrigins {
		if o == "*" {
			return c, fmt.Errorf("PORTFOLIO_CORS_ORIGINS must list origins, not *")
		}
	}
	if (c.AdminEmail == "") != (c.AdminPassword == "") {
		return c, fmt.Errorf("set both PORTFOLIO_ADMIN_EMAIL and PORTFOLIO_ADMIN_PASSWORD, or neither")
	}
	if c.UsesPostgres() && c.JWTSecret == "" {
		return c, fmt.Errorf("PORTFOLIO_JWT_SECRET is required with PostgreSQL (at least 32 characters)")
	}
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		return c, fmt.Errorf("PORTFOLIO_JWT_SECRET must be at least 32 characters")
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseURL(c.SMTPURL); err != nil {
			return c, err
		}
		if _, err := netmail.ParseAddress(c.MailFrom); err != nil {
			return c, fmt.Errorf("PORTFOLIO_MAIL_FROM must be an e-mail address: %w", err)
		}
	}
	for i, s := range c.JWTPreviousSecrets {
		if len(s) < 32 {
			return c, fmt.Errorf("PORTFOLIO_JWT_PREVIOUS_SECRETS: secret %d must be at least 32 characters", i+1)
		}
	}
	return c, nil
}

// UsesPostgres tells whether DATABASE_URL selects PostgreSQL.
func (c Config) UsesPostgres() bool { return c.DatabaseURL != "" }

// Logger builds the process logger.
func (c Config) Logger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
