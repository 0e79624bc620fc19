// Package app wires the store, the domain services and the HTTP server
// together; the binary and the tests build the application the same way.
package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kcyj2035/portfolio/internal/auth"
	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/consortium"
	"github.com/kcyj2035/portfolio/internal/domain/document"
	"github.com/kcyj2035/portfolio/internal/domain/imports"
	"github.com/kcyj2035/portfolio/internal/domain/matchmaking"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
	"github.com/kcyj2035/portfolio/internal/domain/scenario"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
	"github.com/kcyj2035/portfolio/internal/domain/workbench"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/mail"
	"github.com/kcyj2035/portfolio/internal/store"
)

// Options are the settings that are not services.
type Options struct {
	JWTSecret []byte
	// JWTPreviousSecrets verify (never sign) the access tokens of rotated keys.
	JWTPreviousSecrets [][]byte
	// Mail, when set, e-mails every notification through this SMTP server.
	Mail       *mail.Config
	BcryptCost int
	Clock      domain.Clock
	Logger     *slog.Logger
	// Blobs keeps documents' bytes (required).
	Blobs *blob.Store
	// MaxDocumentSize is one document's size limit (0: document.DefaultMaxSize).
	MaxDocumentSize int64
	HTTP            handlers.Deps // settings only (tokens, CORS, web app …); services are filled in
}

// App is the wired application.
type App struct {
	Options     Options // as built with (the demo seeding replays on a clock of its own)
	DB          *store.DB
	Clock       domain.Clock
	Tokens      *auth.Tokens
	Audit       *audit.Service
	Orgs        *org.Service
	Accounts    *account.Service
	Reference   *reference.Service
	Notify      *notify.Service
	Projects    *project.Service
	Challenges  *challenge.Service
	Scenarios   *scenario.Service
	Consortia   *consortium.Service
	Documents   *document.Service
	Subsidies   *subsidy.Service
	Matchmaking *matchmaking.Service
	Metrics     *prometheus.Registry
	Server      *handlers.Server
	// Leader elects the one process of several that runs the background
	// work meant to run once (deadline sweep, reminders, orphan sweep).
	Leader *store.Leader
}

// New builds the services on db and the HTTP server on them.
func New(db *store.DB, o Options) (*App, error) {
	if o.Clock == nil {
		o.Clock = domain.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.BcryptCost == 0 {
		o.BcryptCost = 12
	}
	if o.Blobs == nil {
		return nil, errors.New("app: no store for documents' bytes (Options.Blobs)")
	}
	tokens, err := auth.NewTokens(o.JWTSecret, o.Clock, o.JWTPreviousSecrets...)
	if err != nil {
		return nil, err
	}
	refRepo := db.Reference()
	auditSvc := audit.NewService(db.AuditLog(), db, o.Clock)
	refSvc := reference.NewService(refRepo, db, auditSvc, o.Clock)
	orgSvc := org.NewService(org.Deps{Repo: db.Organizations(), Reference: refRepo, Tx: db, Audit: auditSvc, Clock: o.Clock})
	accounts, err := account.NewService(account.Deps{
		Users: db.Users(), Tokens: db.RefreshTokens(), Orgs: db.Organizations(),
		Hasher: auth.Bcrypt{Cost: o.BcryptCost}, Access: tokens, Tx: db, Audit: auditSvc, Clock: o.Clock,
		Throttle:  account.NewLoginThrottle(15*time.Minute, 5, 20, 50),
		Reference: refRepo,
	})
	if err != nil {
		return nil, err
	}
	notifySvc := notify.NewService(db.Notifications(), o.Clock)
	if o.Mail != nil {
		notifySvc.WithMail()
	}
	consortia := consortium.NewService(consortium.Deps{Repo: db.Consortia(), Orgs: db.Organizations(), Reference: refRepo, Notify: notifySvc,
		Audit: auditSvc, Tx: db, Clock: o.Clock})
	projects := project.NewService(project.Deps{Repo: db.Projects(), Orgs: db.Organizations(), Reference: refRepo, Consortia: consortia,
		Scenarios: scenario.Facts{Repo: db.Scenarios()}, Notify: notifySvc, Tx: db, Audit: auditSvc, Clock: o.Clock,
		Documents: projectDocument(db.Documents()), Awards: db.Awards()})
	scenarios := scenario.NewService(scenario.Deps{Repo: db.Scenarios(), Projects: db.Projects(), Orgs: db.Organizations(), Reference: refRepo,
		Notify: notifySvc, Audit: auditSvc, Tx: db, Clock: o.Clock})
	challenges := challenge.NewService(challenge.Deps{Repo: db.Challenges(), Orgs: db.Organizations(), Reference: refRepo,
		Users: users{db}, Projects: projects, Ties: db.Ties(), Scenarios: scenarios,
		Notify: notifySvc, Audit: auditSvc, Tx: db, Clock: o.Clock})
	documents := document.NewService(document.Deps{Repo: db.Documents(), Storage: documentStorage{o.Blobs}, Audit: auditSvc,
		Tx: db, Clock: o.Clock, MaxSize: o.MaxDocumentSize, Log: o.Logger})
	documents.Register(document.ParentChallenge, challenges.ChallengeDocuments)
	documents.Register(document.ParentBid, challenges.BidDocuments)
	documents.Register(document.ParentProject, projects.ProjectDocuments)
	documents.Register(document.ParentChangeRequest, projects.ChangeDocuments)
	documents.Register(document.ParentReport, projects.ReportDocuments)
	documents.Register(document.ParentScenarioApplication, scenarios.ApplicationDocuments)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), string(db.Dialect())))

	d := o.HTTP
	d.Accounts, d.Orgs, d.Reference, d.Audit = accounts, orgSvc, refSvc, auditSvc
	d.Notify, d.Projects, d.Challenges, d.Scenarios, d.Consortia = notifySvc, projects, challenges, scenarios, consortia
	d.Documents = documents
	d.Targets = portfolio.NewTargets(db.Targets(), db, auditSvc, o.Clock)
	d.Portfolio = portfolio.NewService(db.Portfolio(), o.Clock, db)
	d.Workbench = workbench.NewService(db.Workbench(), o.Clock)
	d.Exporter = portfolio.NewExporter(db.Portfolio(), o.Clock)
	d.Imports = imports.NewService(imports.Repositories{Orgs: db.Organizations(), Projects: db.Projects(), Reference: refRepo,
		Declarations: db.Subsidies()}, db, auditSvc, o.Clock)
	subsidies := subsidy.NewService(subsidy.Deps{Repo: db.Subsidies(), Orgs: db.Organizations(), Notify: notifySvc, Audit: auditSvc,
		Tx: db, Clock: o.Clock})
	d.Subsidies = subsidies
	matches := matchmaking.NewService(matchmaking.Deps{Repo: db.Matchmaking(), Challenges: challenges, Ties: db.Ties(), Users: users{db},
		Orgs: db.Organizations(), Fields: refRepo, Audit: auditSvc, Tx: db, Clock: o.Clock})
	d.Matchmaking = matches
	d.Idempotency, d.Tx, d.Tokens, d.DB, d.Clock, d.Logger, d.Metrics = db.IdempotencyKeys(), db, tokens, db, o.Clock, o.Logger, reg
	a := &App{Options: o, DB: db, Clock: o.Clock, Tokens: tokens, Audit: auditSvc, Orgs: orgSvc, Accounts: accounts,
		Reference: refSvc, Notify: notifySvc, Projects: projects, Challenges: challenges, Scenarios: scenarios, Consortia: consortia,
		Documents: documents, Subsidies: subsidies, Matchmaking: matches, Metrics: reg, Leader: db.Leader()}
	a.Server = handlers.New(d)
	return a, nil
}

// Prepare readies a migrated database: reference data, and the bootstrap admin
// if one is configured and no admin exists.
func (a *App) Prepare(ctx context.Context, adminEmail, adminPassword string) error {
	if err := a.Reference.EnsureDefaults(ctx); err != nil {
		return err
	}
	if adminEmail == "" {
		return nil
	}
	opOrg, err := a.ensureOperatorOrg(ctx)
	if err != nil {
		return err
	}
	_, err = a.Accounts.EnsureAdmin(ctx, adminEmail, adminPassword, opOrg)
	return err
}

// The platform operator's organization, where the bootstrap admin belongs.
const operatorName = "科创甬江2035平台运营中心"

// OperatorCreditCode is the operator organization's credit code.
var OperatorCreditCode = org.WithCheckChar("11330200MB0000001")

func (a *App) ensureOperatorOrg(ctx context.Context) (string, error) {
	l, err := a.Orgs.List(ctx, domain.System(), org.Filter{Type: org.TypeGovernment, Query: operatorName},
		domain.Page{Limit: 1})
	if err != nil {
		return "", err
	}
	if len(l.Items) > 0 {
		return l.Items[0].ID, nil
	}
	o, err := a.Orgs.Create(ctx, domain.System(), org.Draft{Name: operatorName, Type: string(org.TypeGovernment),
		Country: "CN", CreditCode: OperatorCreditCode, District: "hitech_zone"}, org.StatusVerified)
	return o.ID, err
}

// leading tells whether this process leads the background work now (see
// store.Leader); a failure to ask is logged and counts as not leading.
func (a *App) leading(ctx context.Context, log *slog.Logger) bool {
	lead, err := a.Leader.Lead(ctx)
	if err != nil && ctx.Err() == nil {
		log.Warn("background work: cannot ask for the lead", "err", err)
	}
	return lead && err == nil
}

// SweepDeadlines closes every challenge whose bid deadline has passed and
// reminds lead organizations of reports due within a week (once each), now
// and then every interval until ctx ends, in the leading process only.
// Reads never show such a challenge open anyway; this records the closing
// (and tells the owner) without waiting for someone to look. Each step is
// also safe if two processes ran it at once (guarded updates).
func (a *App) SweepDeadlines(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		a.SweepDeadlinesOnce(ctx, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverMail sends the queued e-mail now and then every interval until ctx
// ends, in the leading process only (when SMTP is configured).
func (a *App) DeliverMail(ctx context.Context, every time.Duration, log *slog.Logger) {
	if a.Options.Mail == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if a.leading(ctx, log) {
			if _, err := a.Mailer(log).RunOnce(ctx); err != nil && ctx.Err() == nil {
				log.Warn("mail delivery", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Mailer is the deliverer of the queued e-mail (for the SMTP server Options.Mail names).
func (a *App) Mailer(log *slog.Logger) *mail.Deliverer {
	d := &mail.Deliverer{Outbox: a.DB.Outbox(), Clock: a.Clock, Log: log}
	if a.Options.Mail != nil {
		d.Config = *a.Options.Mail
	}
	return d
}

// SweepDeadlinesOnce is one turn of SweepDeadlines: nothing unless this
// process leads.
func (a *App) SweepDeadlinesOnce(ctx context.Context, log *slog.Logger) {
	if !a.leading(ctx, log) {
		return
	}
	if n, err := a.Challenges.CloseDue(ctx); err != nil && ctx.Err() == nil {
		log.Warn("deadline sweep", "err", err)
	} else if n > 0 {
		log.Info("deadline sweep closed challenges", "count", n)
	}
	if n, err := a.Projects.RemindReports(ctx); err != nil && ctx.Err() == nil {
		log.Warn("report reminders", "err", err)
	} else if n > 0 {
		log.Info("reminded lead organizations of reports due", "count", n)
	}
}

// FlushDenied writes the counts of refused attempts (see audit.RecordDenied)
// every interval until ctx ends.
func (a *App) FlushDenied(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := a.Audit.FlushDenied(ctx, false); err != nil && ctx.Err() == nil {
			log.Warn("record the counts of refused attempts", "err", err)
		}
	}
}

// SweepOrphanDocuments removes, now and then every interval until ctx ends,
// stored bytes that no document names and that are older than an hour (an
// upload whose process died before writing its row, a removal whose bytes
// could not be deleted), in the leading process only (it is safe in several).
func (a *App) SweepOrphanDocuments(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if a.leading(ctx, log) {
			if n, err := a.Documents.SweepOrphans(ctx, time.Hour); err != nil && ctx.Err() == nil {
				log.Warn("sweep orphaned document bytes", "err", err)
			} else if n > 0 {
				log.Info("removed orphaned document bytes", "count", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
