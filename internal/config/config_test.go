package config_test

import (
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/config"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := config.FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.UsesPostgres() || c.Demo || c.LogFormat != "text" ||
		c.BlobURL != "" || c.DocumentMaxBytes != 50<<20 {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestRefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"postgres without secret": {map[string]string{"DATABASE_URL": "postgres://x/y"}, "PORTFOLIO_JWT_SECRET is required"},
		"short secret":            {map[string]string{"PORTFOLIO_JWT_SECRET": "short"}, "at least 32"},
		"smtp url":                {map[string]string{"PORTFOLIO_SMTP_URL": "mail.example.cn"}, "PORTFOLIO_SMTP_URL must look like"},
		"smtp without port":       {map[string]string{"PORTFOLIO_SMTP_URL": "smtp://mail.example.cn"}, "PORTFOLIO_SMTP_URL must look like"},
		"mail from":               {map[string]string{"PORTFOLIO_SMTP_URL": "smtp://mail.example.cn:587", "PORTFOLIO_MAIL_FROM": "nobody"}, "PORTFOLIO_MAIL_FROM"},
		"short previous secret": {map[string]string{"PORTFOLIO_JWT_SECRET": "0123456789abcdef0123456789abcdef",
			"PORTFOLIO_JWT_PREVIOUS_SECRETS": "0123456789abcdef0123456789abcdeX, short"}, "secret 2 must be at least 32"},
		"cors wildcard":        {map[string]string{"PORTFOLIO_CORS_ORIGINS": "https://a.cn, *"}, "not *"},
		"admin email alone":    {map[string]string{"PORTFOLIO_ADMIN_EMAIL": "a@b.cn"}, "both"},
		"bad log level":        {map[string]string{"PORTFOLIO_LOG_LEVEL": "loud"}, "PORTFOLIO_LOG_LEVEL"},
		"bad log format":       {map[string]string{"PORTFOLIO_LOG_FORMAT": "xml"}, "json or text"},
		"blob url scheme":      {map[string]string{"PORTFOLIO_BLOB_URL": "gs://docs"}, "file:// or s3://"},
		"blob url credentials": {map[string]string{"PORTFOLIO_BLOB_URL": "s3://AKID:secret@docs"}, "AWS_ACCESS_KEY_ID"},
		"document size":        {map[string]string{"PORTFOLIO_DOCUMENT_MAX_MB": "0"}, "PORTFOLIO_DOCUMENT_MAX_MB"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := config.FromEnv(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	c, err := config.FromEnv(env(map[string]string{"PORTFOLIO_CORS_ORIGINS": "https://a.cn, https://b.cn", "PORTFOLIO_DEMO": "1"}))
	if err != nil || len(c.CORSOrigins) != 2 || !c.Demo {
		t.Fatalf("%+v %v", c, err)
	}
	c, err = config.FromEnv(env(map[string]string{"PORTFOLIO_JWT_SECRET": "0123456789abcdef0123456789abcdef",
		"PORTFOLIO_JWT_PREVIOUS_SECRETS": "old-old-old-old-old-old-old-old-old!,older-older-older-older-older-older!"}))
	if err != nil || len(c.JWTPreviousSecrets) != 2 {
		t.Fatalf("previous secrets: %d %v", len(c.JWTPreviousSecrets), err)
	}
}
