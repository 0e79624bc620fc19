// Package ceiling is for benchmarks only: the least a server could do for the
// hot paths the load tool drives, so each measurement of the application sits
// next to its ceiling measured in the same run. It serves an Echo no-op (the
// HTTP ceiling) and the public board's first pages from a bare handler that
// runs the exact SQL the application runs for them (pgx on PostgreSQL,
// database/sql on SQLite) and writes the rows as JSON; and it measures the raw
// commit rate of the two inserts a new draft challenge costs.
package ceiling

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	_ "github.com/glebarez/go-sqlite" // database/sql driver "sqlite", the one the application uses
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
)

// publicStatuses is the application's board predicate, written out as it does.
const publicStatuses = "status IN ('published', 'closed', 'in_review', 'awarded', 'failed')"

// BoardSQL is the statement the application runs for an anonymous board page
// (newest first, keyset on id), and the statement naming the owners.
func BoardSQL(postgres, after bool) string {
	// On SQLite GORM writes the limit into the statement (a %d here).
	table, keyset, limit := "challenges INDEXED BY challenges_public_idx", "", "%d"
	if postgres {
		table, limit = `"challenges"`, "$1"
	}
	if after {
		keyset = " AND id < ?"
		if postgres {
			keyset, limit = " AND id < $1", "$2"
		}
	}
	return "SELECT * FROM " + table + " WHERE " + publicStatuses + keyset + " ORDER BY id DESC LIMIT " + limit
}

// NamesSQL names n organizations.
func NamesSQL(postgres bool, n int) string {
	params := make([]string, n)
	for i := range params {
		params[i] = "?"
		if postgres {
			params[i] = "$" + strconv.Itoa(i+1)
		}
	}
	table := "`organizations`"
	if postgres {
		table = `"organizations"`
	}
	return "SELECT id, name FROM " + table + " WHERE id IN (" + strings.Join(params, ",") + ")"
}

// Challenge is a board row as stored; stored JSON is passed through as is.
type Challenge struct {
	ID                    string          `json:"id"`
	OwnerID               string          `json:"owner_id"`
	OwnerName             string          `json:"owner_name"`
	CreatedBy             string          `json:"created_by"`
	Title                 string          `json:"title"`
	Problem               string          `json:"problem"`
	Indicators            json.RawMessage `json:"indicators"`
	Deliverables          string          `json:"deliverables"`
	FieldID               *string         `json:"field_id"`
	EnterpriseCommitment  int64           `json:"enterprise_commitment"`
	RequestedSupport      int64           `json:"requested_support"`
	DurationMonths        int             `json:"duration_months"`
	IPTerms               string          `json:"ip_terms"`
	TRLStart              int             `json:"trl_start"`
	TRLTarget             int             `json:"trl_target"`
	EligibleOrgTypes      json.RawMessage `json:"eligible_org_types"`
	GlobalBidding         bool            `json:"global"`
	Category              *string         `json:"category"`
	FundingCap            *int64          `json:"funding_cap"`
	BidDeadline           *time.Time      `json:"bid_deadline"`
	PublishedAt           *time.Time      `json:"published_at"`
	ClosedAt              *time.Time      `json:"closed_at"`
	DecidedAt             *time.Time      `json:"decided_at"`
	Status                string          `json:"status"`
	StatusReason          string          `json:"status_reason"`
	ProposedBidID         *string         `json:"proposed_bid_id"`
	AwardedBidID          *string         `json:"awarded_bid_id"`
	ProjectID             *string         `json:"project_id"`
	MaxWinners            int             `json:"max_winners"`
	WinnerBidIDs          json.RawMessage `json:"winner_bid_ids"`
	ProjectIDs            json.RawMessage `json:"project_ids"`
	Rounds                json.RawMessage `json:"rounds"`
	CurrentRound          int             `json:"current_round"`
	ScenarioID            *string         `json:"scenario_id"`
	ProcurementCommitment int64           `json:"procurement_commitment"`
	Version               int             `json:"version"`
	CreatedAt             time.Time       `json:"created_at"`
	UpdatedAt             time.Time       `json:"updated_at"`
	LiveBids              int             `json:"bid_count"`
}

// fields maps a column to where it is scanned.
func (c *Challenge) fields() map[string]any {
	return map[string]any{"id": &c.ID, "owner_id": &c.OwnerID, "created_by": &c.CreatedBy, "title": &c.Title,
		"problem": &c.Problem, "indicators": (*rawJSON)(&c.Indicators), "deliverables": &c.Deliverables, "field_id": &c.FieldID,
		"enterprise_commitment": &c.EnterpriseCommitment, "requested_support": &c.RequestedSupport,
		"duration_months": &c.DurationMonths, "ip_terms": &c.IPTerms, "trl_start": &c.TRLStart, "trl_target": &c.TRLTarget,
		"eligible_org_types": (*rawJSON)(&c.EligibleOrgTypes), "global_bidding": &c.GlobalBidding, "category": &c.Category,
		"funding_cap": &c.FundingCap, "bid_deadline": &c.BidDeadline, "published_at": &c.PublishedAt, "closed_at": &c.ClosedAt,
		"decided_at": &c.DecidedAt, "status": &c.Status, "status_reason": &c.StatusReason, "proposed_bid_id": &c.ProposedBidID,
		"awarded_bid_id": &c.AwardedBidID, "project_id": &c.ProjectID, "max_winners": &c.MaxWinners,
		"winner_bid_ids": (*rawJSON)(&c.WinnerBidIDs), "project_ids": (*rawJSON)(&c.ProjectIDs),
		"rounds": (*rawJSON)(&c.Rounds), "current_round": &c.CurrentRound, "scenario_id": &c.ScenarioID,
		"procurement_commitment": &c.ProcurementCommitment, "version": &c.Version, "created_at": &c.CreatedAt,
		"updated_at": &c.UpdatedAt, "live_bids": &c.LiveBids}
}

// rawJSON scans stored JSON text as it is.
type rawJSON json.RawMessage

func (r *rawJSON) Scan(v any) error {
	switch s := v.(type) {
	case string:
		*r = rawJSON(s)
	case []byte:
		*r = append((*r)[:0], s...)
	default:
		return fmt.Errorf("rawJSON: %T", v)
	}
	return nil
}

// store is what the board handler reads from.
type store interface {
	board(ctx context.Context, limit int, after string) ([]Challenge, error)
	names(ctx context.Context, ids []string) (map[string]string, error)
	close()
}

// Open connects to a postgres:// URL or, for anything else, the SQLite file at that path.
func Open(ctx context.Context, dsn string) (store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return pgStore{pool}, pool.Ping(ctx)
	}
	db, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(15000)&mode=ro")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	return sqliteStore{db}, db.PingContext(ctx)
}

type pgStore struct{ pool *pgxpool.Pool }

func (s pgStore) close() { s.pool.Close() }

func (s pgStore) board(ctx context.Context, limit int, after string) ([]Challenge, error) {
	args := []any{limit}
	if after != "" {
		args = []any{after, limit}
	}
	rows, err := s.pool.Query(ctx, BoardSQL(true, after != ""), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := make([]string, len(rows.FieldDescriptions()))
	for i, fd := range rows.FieldDescriptions() {
		cols[i] = fd.Name
	}
	return scanChallenges(rows, cols)
}

// scanChallenges reads board rows of either driver (pgx.Rows, *sql.Rows).
func scanChallenges(rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}, cols []string) ([]Challenge, error) {
	var out []Challenge
	for rows.Next() {
		var c Challenge
		f := c.fields()
		dest := make([]any, len(cols))
		for i, col := range cols {
			dest[i] = f[col]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s pgStore) names(ctx context.Context, ids []string) (map[string]string, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.pool.Query(ctx, NamesSQL(true, len(ids)), args...)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var id, name string
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error { out[id] = name; return nil })
	return out, err
}

type sqliteStore struct{ db *sql.DB }

func (s sqliteStore) close() { _ = s.db.Close() }

func (s sqliteStore) board(ctx context.Context, limit int, after string) ([]Challenge, error) {
	q, args := fmt.Sprintf(BoardSQL(false, after != ""), limit), []any{}
	if after != "" {
		args = []any{after}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	return scanChallenges(rows, cols)
}

func (s sqliteStore) names(ctx context.Context, ids []string) (map[string]string, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, NamesSQL(false, len(ids)), args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Server is the ceiling's Echo: GET /noop and GET /board?limit=&after=.
func Server(st store) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/noop", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, []byte(`{}`)) })
	e.GET("/board", func(c echo.Context) error {
		limit, _ := strconv.Atoi(c.QueryParam("limit"))
		if limit < 1 || limit > 100 {
			limit = 20
		}
		items, err := st.board(c.Request().Context(), limit+1, c.QueryParam("after"))
		if err != nil {
			return err
		}
		next := ""
		if len(items) > limit {
			items, next = items[:limit], items[limit-1].ID
		}
		seen := map[string]bool{}
		var ids []string
		for _, it := range items {
			if !seen[it.OwnerID] {
				seen[it.OwnerID] = true
				ids = append(ids, it.OwnerID)
			}
		}
		if len(ids) > 0 {
			names, err := st.names(c.Request().Context(), ids)
			if err != nil {
				return err
			}
			for i := range items {
				items[i].OwnerName = names[items[i].OwnerID]
			}
		}
		return c.JSON(http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	})
	return e
}

// Serve runs the ceiling server on addr until ctx ends.
func Serve(ctx context.Context, dsn, addr string) error {
	st, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.close()
	srv := &http.Server{Addr: addr, Handler: Server(st), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}

// Commits measures the raw commit rate of the inserts a new draft challenge
// costs — the challenge row and its audit record, in one transaction — with
// workers concurrent writers for d (or until limit transactions were started,
// if limit > 0), and returns the commits.
func Commits(ctx context.Context, dsn, ownerOrg, userID string, workers int, d time.Duration, limit int64) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	insertChallenge := `INSERT INTO challenges (id, owner_id, created_by, title, problem, indicators, deliverables, status,
		version, created_at, updated_at) VALUES (%s)`
	insertAudit := `INSERT INTO audit_records (occurred_at, actor_id, actor_role, actor_org, action, entity, entity_id,
		client_ip, request_id, changes) VALUES (%s)`
	postgres := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	placeholders := func(n int) string {
		p := make([]string, n)
		for i := range p {
			p[i] = "?"
			if postgres {
				p[i] = "$" + strconv.Itoa(i+1)
			}
		}
		return strings.Join(p, ", ")
	}
	qc, qa := fmt.Sprintf(insertChallenge, placeholders(11)), fmt.Sprintf(insertAudit, placeholders(10))
	var exec func(ctx context.Context, i int64) error
	if postgres {
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			return 0, err
		}
		defer pool.Close()
		exec = func(ctx context.Context, i int64) error {
			return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				return insertPair(ctx, i, ownerOrg, userID, func(q string, args ...any) error {
					_, err := tx.Exec(ctx, q, args...)
					return err
				}, qc, qa)
			})
		}
	} else {
		db, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate")
		if err != nil {
			return 0, err
		}
		defer func() { _ = db.Close() }()
		db.SetMaxOpenConns(workers)
		exec = func(ctx context.Context, i int64) error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer func() { _ = tx.Rollback() }()
			if err := insertPair(ctx, i, ownerOrg, userID, func(q string, args ...any) error {
				_, err := tx.ExecContext(ctx, q, args...)
				return err
			}, qc, qa); err != nil {
				return err
			}
			return tx.Commit()
		}
	}
	var (
		next    = make(chan int64)
		results = make(chan error, workers)
		total   int64
	)
	go func() {
		defer close(next)
		for i := int64(0); limit <= 0 || i < limit; i++ {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	counts := make([]int64, workers)
	for w := range workers {
		go func() {
			for i := range next {
				if err := exec(ctx, i); err != nil {
					if ctx.Err() != nil {
						break
					}
					results <- err
					return
				}
				counts[w]++
			}
			results <- nil
		}()
	}
	var firstErr error
	for range workers {
		if err := <-results; err != nil && firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	for _, n := range counts {
		total += n
	}
	return total, firstErr
}

func insertPair(_ context.Context, _ int64, ownerOrg, userID string, exec func(string, ...any) error, qc, qa string) error {
	now := time.Now().UTC()
	id := uuid.Must(uuid.NewV7()).String()
	if err := exec(qc, id, ownerOrg, userID, "上限测量草稿", "测量原始提交速率", "[]", "", "draft", 1, now, now); err != nil {
		return err
	}
	return exec(qa, now, userID, "enterprise", ownerOrg, "challenge.create", "challenge", id, "127.0.0.1", id, "{}")
}
