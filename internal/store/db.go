// Package store keeps the domain's data in PostgreSQL or in an embedded SQLite
// file with GORM: it maps rows to domain types, runs the migrations, carries
// transactions in the context and turns driver errors into domain errors.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/store/migrations"
)

// Dialect names the database in use.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Config says which database to open and how.
type Config struct {
	// URL: a postgres:// URL selects PostgreSQL; empty selects SQLite in DataDir.
	URL     string
	DataDir string
	// SQLitePath overrides the SQLite file (tests).
	SQLitePath       string
	MaxOpenConns     int
	StatementTimeout time.Duration
	Logger           *slog.Logger
}

// DB is an open database.
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect Dialect
	log     *slog.Logger
	// auditCommitted wakes the sealer (see InTx).
	auditCommitted chan struct{}
	generation     atomic.Uint64 // see Generation
	source         string        // the PostgreSQL URL or the SQLite file (never logged)
	known          sync.Map      // reference ids seen committed (Reference.exists)
}

// Open connects and configures the pool; it does not migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.StatementTimeout == 0 {
		cfg.StatementTimeout = 15 * time.Second
	}
	gcfg := &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		Logger:                 newSQLLogger(cfg.Logger),
	}
	var (
		gdb     *gorm.DB
		err     error
		dialect Dialect
		source  string
	)
	switch {
	case strings.HasPrefix(cfg.URL, "postgres://") || strings.HasPrefix(cfg.URL, "postgresql://"):
		dialect = Postgres
		dsn, derr := postgresDSN(cfg.URL, cfg.StatementTimeout)
		if derr != nil {
			return nil, derr
		}
		gdb, err = gorm.Open(postgres.Open(dsn), gcfg)
		source = cfg.URL
		if cfg.MaxOpenConns == 0 {
			cfg.MaxOpenConns = 16
		}
	case cfg.URL == "":
		dialect = SQLite
		path := cfg.SQLitePath
		if path == "" {
			if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
				return nil, fmt.Errorf("create data dir: %w", err)
			}
			path = filepath.Join(cfg.DataDir, "portfolio.db")
		}
		gdb, err = gorm.Open(sqlite.Open(sqliteDSN(path)), gcfg)
		source = path
		if cfg.MaxOpenConns == 0 {
			cfg.MaxOpenConns = 8
		}
	default:
		return nil, errors.New("DATABASE_URL must be a postgres:// URL, or empty for the embedded SQLite database")
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dialect, err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	// Max idle equal to max open: a pool that closes idle connections under
	// load reconnects constantly.
	sqlDB.SetMaxOpenConns(cfg.MaxOpenConns)
	sqlDB.SetMaxIdleConns(cfg.MaxOpenConns)
	sqlDB.SetConnMaxLifetime(30 * time.Minute)
	sqlDB.SetConnMaxIdleTime(10 * time.Minute)
	db := &DB{gorm: gdb, sql: sqlDB, dialect: dialect, log: cfg.Logger, auditCommitted: make(chan struct{}, 1), source: source}
	if err := db.countWrites(); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to %s: %w", dialect, err)
	}
	return db, nil
}

// postgresDSN adds the statement timeout and a connect timeout to the URL
// unless the operator set them.
func postgresDSN(raw string, stmt time.Duration) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("DATABASE_URL is not a valid URL")
	}
	q := u.Query()
	if q.Get("statement_timeout") == "" {
		q.Set("statement_timeout", fmt.Sprint(stmt.Milliseconds()))
	}
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "5")
	}
	if q.Get("idle_in_transaction_session_timeout") == "" {
		q.Set("idle_in_transaction_session_timeout", "60000")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// sqliteDSN: foreign keys on, WAL, a busy timeout, and BEGIN IMMEDIATE for
// every transaction so that concurrent read-then-write transactions queue for
// the write lock instead of failing with SQLITE_BUSY half-way.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(15000)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

func (db *DB) Dialect() Dialect { return db.dialect }

// Source is what the database was opened from: the PostgreSQL URL, or the
// SQLite file's path. It may hold a password: for tools that connect beside
// the store (the load tool's ceilings), never for logs.
func (db *DB) Source() string { return db.source }

// SQL exposes the pool (metrics, tests).
func (db *DB) SQL() *sql.DB { return db.sql }

// Gorm exposes the GORM handle to tests in other packages.
func (db *DB) Gorm() *gorm.DB { return db.gorm }

func (db *DB) Close() error { return db.sql.Close() }

// Ping answers whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// jsonText is the SQL for the text of key in the JSON object held in the
// text column col (empty where the key is absent).
func (db *DB) jsonText(col, key string) string {
	if db.dialect == Postgres {
		return "COALESCE(" + col + "::jsonb ->> '" + key + "', '')"
	}
	return "COALESCE(json_extract(" + col + ", '$." + key + "'), '')"
}

func (db *DB) migrationsFS() (fs.FS, goose.Dialect, error) {
	dir, dialect := "sqlite", goose.DialectSQLite3
	if db.dialect == Postgres {
		dir, dialect = "postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations.FS, dir)
	return sub, dialect, err
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, dialect, err := db.migrationsFS()
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(db.kpiNumbers(), db.projectPerWinner())}
	if db.dialect == Postgres {
		// Several processes starting at once migrate one at a time.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.sql, fsys, opts...)
}

// MigrateUp applies every pending migration.
func (db *DB) MigrateUp(ctx context.Context) ([]string, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	return migrationNames(res), err
}

// MigrateDown rolls back the newest migration.
func (db *DB) MigrateDown(ctx context.Context) ([]string, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Down(ctx)
	if res == nil {
		return nil, err
	}
	return migrationNames([]*goose.MigrationResult{res}), err
}

// MigrateDownTo rolls back every migration newer than version.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) ([]string, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.DownTo(ctx, version)
	return migrationNames(res), err
}

// MigrationStatus lists every migration and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]string, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range st {
		line := fmt.Sprintf("%-8s %s", s.State, s.Source.Path)
		if !s.AppliedAt.IsZero() {
			line += "  (applied " + s.AppliedAt.UTC().Format(time.RFC3339) + ")"
		}
		out = append(out, line)
	}
	return out, nil
}

func migrationNames(res []*goose.MigrationResult) []string {
	var out []string
	for _, r := range res {
		if r != nil && r.Source != nil {
			out = append(out, fmt.Sprintf("%s %s (%s)", r.Direction, r.Source.Path, r.Duration.Round(time.Millisecond)))
		}
	}
	return out
}
