// Package apitest runs the real application (store, services, Echo router,
// JWTs) against a real database for HTTP tests, with a clock the test sets.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/blob/blobtest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/mail"
	"github.com/kcyj2035/portfolio/internal/store"
)

// Start is the time the test clock starts at.
var Start = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// Password is the password of every account the harness makes.
const Password = "Test-password-2035"

// Env is a running application on a fresh database.
type Env struct {
	T     testing.TB
	DB    *store.DB
	App   *app.App
	Clock *domain.ManualClock
	seq   atomic.Int64
	crash atomic.Int64 // clock reads left before a simulated crash; 0: none
	// servers, when set, are running `portfolio serve` processes on the same
	// database: Do sends real HTTP requests to them in turn (see UseServers).
	servers []string
	next    atomic.Uint64
	client  *http.Client
}

// UseServers makes Do send each request over HTTP to the next of these
// servers (base URLs of processes serving the same database, signing with
// this Env's JWT secret) instead of through the in-process router. The
// in-process application still makes organizations and users. Requests the
// servers never answer (refused, reset, timed out) have status 0.
func (e *Env) UseServers(client *http.Client, bases ...string) {
	e.servers, e.client = bases, client
}

// JWTSecret is the secret this Env signs tokens with; servers given to
// UseServers must have it too.
const JWTSecret = "test-secret-test-secret-test-secret!"

// crashClock is the app's clock: the test's ManualClock, which can also
// simulate the process dying in the middle of a request (see CrashAfter).
type crashClock struct {
	*domain.ManualClock
	env *Env
}

func (c crashClock) Now() time.Time {
	if n := c.env.crash.Load(); n > 0 && c.env.crash.CompareAndSwap(n, n-1) && n == 1 {
		// What SIGKILL does to a request: it stops here, nothing after runs,
		// and the database rolls back whatever did not commit.
		panic(http.ErrAbortHandler)
	}
	return c.ManualClock.Now()
}

// CrashAfter makes the n-th read of the clock from now on abort the request
// that makes it, as if the server died there. Do recovers the panic.
func (e *Env) CrashAfter(n int) { e.crash.Store(int64(n)) }

// New builds the application on db (fresh and migrated) and prepares it.
func New(t testing.TB, db *store.DB) *Env {
	t.Helper()
	return NewLogged(t, db, Discard())
}

// Discard is a logger that keeps nothing.
func Discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// NewLogged is New with the application's log sent to log.
func NewLogged(t testing.TB, db *store.DB, log *slog.Logger) *Env {
	t.Helper()
	return NewWith(t, db, log, Blobs(t))
}

// NewWith is NewLogged with documents' bytes kept in blobs.
func NewWith(t testing.TB, db *store.DB, log *slog.Logger, blobs *blob.Store) *Env {
	t.Helper()
	return build(t, db, log, blobs, nil)
}

// NewMailing is New with every notification also e-mailed through the SMTP server cfg names.
func NewMailing(t testing.TB, db *store.DB, cfg *mail.Config) *Env {
	t.Helper()
	return build(t, db, Discard(), Blobs(t), cfg)
}

func build(t testing.TB, db *store.DB, log *slog.Logger, blobs *blob.Store, mailConfig *mail.Config) *Env {
	t.Helper()
	env := &Env{T: t, DB: db, Clock: domain.NewManualClock(Start)}
	a, err := app.New(db, app.Options{
		JWTSecret: []byte(JWTSecret), BcryptCost: 4, Clock: crashClock{env.Clock, env},
		Logger: log, Blobs: blobs, Mail: mailConfig,
		HTTP: handlers.Deps{Version: "test"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Prepare(context.Background(), "", ""); err != nil {
		t.Fatal(err)
	}
	env.App = a
	return env
}

// Blobs is a folder store for documents' bytes that lives as long as the test.
func Blobs(t testing.TB) *blob.Store { return blobtest.Folder(t) }

// LogBuffer collects log output from many goroutines, for tests that read
// what was logged.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Logger logs everything, at debug level and up, into b.
func (b *LogBuffer) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Unique returns a number unique within the env, for names and emails.
func (e *Env) Unique() int64 { return e.seq.Add(1) }

// Response is what a request got.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it cannot.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %d response %q: %v", r.Status, r.Body, err)
	}
}

// Map decodes the body into a generic map.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func (r *Response) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// Request is one HTTP request to send.
type Request struct {
	Method  string
	Path    string
	Token   string
	Body    any // marshalled to JSON unless it is []byte or string; an io.Reader is sent chunked (no length)
	Headers map[string]string
	Remote  string // RemoteAddr; default 127.0.0.1
}

// Do sends the request through the real router.
func (e *Env) Do(r Request) *Response {
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	case string:
		body = strings.NewReader(b)
	case io.Reader:
		body = struct{ io.Reader }{b} // hides the type, so no Content-Length is set
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.T.Fatalf("marshal body: %v", err)
		}
		body = bytes.NewReader(raw)
	}
	if e.servers != nil {
		return e.send(r, body)
	}
	req := httptest.NewRequest(r.Method, r.Path, body)
	r.setHeaders(req, body != nil)
	req.RemoteAddr = "127.0.0.1:40000"
	if r.Remote != "" {
		req.RemoteAddr = r.Remote
	}
	rec := httptest.NewRecorder()
	crashed := func() (crashed bool) {
		defer func() {
			if r := recover(); r != nil {
				if r != http.ErrAbortHandler {
					panic(r)
				}
				crashed = true
			}
		}()
		e.App.Server.Handler().ServeHTTP(rec, req)
		return false
	}()
	if crashed {
		return &Response{Status: 0, Header: http.Header{}, Body: nil} // no answer: the connection dropped
	}
	return &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// setHeaders sets a JSON body's type (unless r sets another), the token and r's headers.
func (r Request) setHeaders(req *http.Request, hasBody bool) {
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
}

// send is Do over HTTP to the next server (UseServers).
func (e *Env) send(r Request, body io.Reader) *Response {
	base := e.servers[(e.next.Add(1)-1)%uint64(len(e.servers))]
	req, err := http.NewRequest(r.Method, base+r.Path, body)
	if err != nil {
		e.T.Fatalf("request %s %s: %v", r.Method, r.Path, err)
	}
	r.setHeaders(req, body != nil)
	resp, err := e.client.Do(req)
	if err != nil {
		return &Response{Status: 0, Header: http.Header{}, Body: []byte(err.Error())}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return &Response{Status: 0, Header: resp.Header, Body: []byte(err.Error())}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// Get, Post, Patch are shorthands.
func (e *Env) Get(token, path string) *Response {
	return e.Do(Request{Method: http.MethodGet, Path: path, Token: token})
}
func (e *Env) Post(token, path string, body any) *Response {
	return e.Do(Request{Method: http.MethodPost, Path: path, Token: token, Body: body})
}
func (e *Env) Put(token, path string, body any) *Response {
	return e.Do(Request{Method: http.MethodPut, Path: path, Token: token, Body: body})
}
func (e *Env) Patch(token, path string, body any) *Response {
	return e.Do(Request{Method: http.MethodPatch, Path: path, Token: token, Body: body})
}

// Expect fails the test unless the response has the status.
func Expect(t testing.TB, r *Response, status int) *Response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}

// User is a signed-in account.
type User struct {
	ID      string
	OrgID   string
	Email   string
	Role    domain.Role
	Token   string
	Refresh string
}

// ProblemCodes is "field:code" of every field problem of a domain error, for
// tests that call the services directly.
func ProblemCodes(err error) []string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

// Actor is the user as the services see it, for tests that call them directly.
func (u *User) Actor() domain.Actor { return domain.Actor{UserID: u.ID, OrgID: u.OrgID, Role: u.Role} }

// Org creates an organization of the type (verified or pending) through the service.
func (e *Env) Org(name string, typ org.Type, verified bool) string {
	e.T.Helper()
	return e.OrgIn(name, typ, verified, "haishu")
}

// OrgIn creates an organization in a district.
func (e *Env) OrgIn(name string, typ org.Type, verified bool, district string) string {
	e.T.Helper()
	n := e.Unique()
	d := org.Draft{Name: fmt.Sprintf("%s %d", name, n), Type: string(typ), Country: "CN", District: district,
		CreditCode: org.WithCheckChar(fmt.Sprintf("91330200MA3%06d", n))}
	if typ == org.TypeEnterprise {
		d.Tier = string(org.TierHighTech)
	}
	status := org.StatusPending
	if verified {
		status = org.StatusVerified
	}
	o, err := e.App.Orgs.Create(context.Background(), domain.System(), d, status)
	if err != nil {
		e.T.Fatalf("create organization: %v", err)
	}
	return o.ID
}

// NewUser creates a user of the role in the organization and signs them in.
func (e *Env) NewUser(role domain.Role, orgID string) *User {
	e.T.Helper()
	email := fmt.Sprintf("%s-%d@test.kcyj2035.cn", role, e.Unique())
	u, err := e.App.Accounts.CreateUser(context.Background(), domain.System(), account.NewUser{
		Email: email, Password: Password, Name: string(role) + " user", Role: string(role), OrganizationID: orgID})
	if err != nil {
		e.T.Fatalf("create user: %v", err)
	}
	return e.Login(u.Email, u.ID, orgID, role)
}

// Login signs in over HTTP.
func (e *Env) Login(email, id, orgID string, role domain.Role) *User {
	e.T.Helper()
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	Expect(e.T, e.Post("", "/api/v1/auth/login", map[string]string{"email": email, "password": Password}), 200).JSON(e.T, &tok)
	return &User{ID: id, OrgID: orgID, Email: email, Role: role, Token: tok.AccessToken, Refresh: tok.RefreshToken}
}

// Cast is one signed-in user of each role, in organizations of fitting types,
// plus a second enterprise and institute in other organizations.
type Cast struct {
	Enterprise, EnterpriseOther *User
	Institute, InstituteOther   *User
	PM, Expert, Admin           *User
}

// NewCast makes the cast.
func (e *Env) NewCast() *Cast {
	gov := e.Org("宁波市科学技术局", org.TypeGovernment, true)
	return &Cast{
		Enterprise:      e.NewUser(domain.RoleEnterprise, e.Org("企业甲", org.TypeEnterprise, true)),
		EnterpriseOther: e.NewUser(domain.RoleEnterprise, e.Org("企业乙", org.TypeEnterprise, true)),
		Institute:       e.NewUser(domain.RoleInstitute, e.Org("研究院甲", org.TypeResearchInstitute, true)),
		InstituteOther:  e.NewUser(domain.RoleInstitute, e.Org("大学乙", org.TypeUniversity, true)),
		PM:              e.NewUser(domain.RoleProgramManager, gov),
		Expert:          e.NewUser(domain.RoleExpert, e.Org("专家单位", org.TypeResearchInstitute, true)),
		Admin:           e.NewUser(domain.RoleAdmin, gov),
	}
}

// SealAudit seals the audit records committed so far, as the server's sealer
// does right after each commit (the test server runs none, so tests decide
// when records join the chain).
func (e *Env) SealAudit() {
	e.T.Helper()
	if _, err := e.App.Audit.SealPending(context.Background()); err != nil {
		e.T.Fatal(err)
	}
}

// AuditCount counts audit records with the action.
func (e *Env) AuditCount(action string) int64 {
	e.T.Helper()
	var n int64
	if err := e.DB.Gorm().Table("audit_records").Where("action = ?", action).Count(&n).Error; err != nil {
		e.T.Fatal(err)
	}
	return n
}

// PDF is a small valid-looking PDF, for uploads.
var PDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// Form is a multipart/form-data body: kind (if not "") and then the file.
func Form(name, kind string, content []byte) (body []byte, contentType string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if kind != "" {
		_ = mw.WriteField("kind", kind)
	}
	h := textproto.MIMEHeader{}
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quote.Replace(name)))
	h.Set("Content-Type", "application/octet-stream")
	w, _ := mw.CreatePart(h)
	_, _ = w.Write(content)
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// Upload posts a file to a documents route.
func (e *Env) Upload(token, path, name, kind string, content []byte) *Response {
	body, ct := Form(name, kind, content)
	return e.Do(Request{Method: http.MethodPost, Path: path, Token: token, Body: body, Headers: map[string]string{"Content-Type": ct}})
}
