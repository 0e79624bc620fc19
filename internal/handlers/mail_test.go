package handlers_test

import (
	"context"
	"io"
	"mime"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	pmail "github.com/kcyj2035/portfolio/internal/mail"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// smtpServer is a real SMTP server (go-smtp) on loopback that keeps what it receives.
type smtpServer struct {
	mu       sync.Mutex
	messages []received
	srv      *smtp.Server
}

type received struct {
	from, to string
	msg      *mail.Message
	body     string
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }

type smtpSession struct {
	srv      *smtpServer
	from, to string
}

func (x *smtpSession) Reset()        {}
func (x *smtpSession) Logout() error { return nil }
func (x *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = to
	return nil
}
func (x *smtpSession) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(m.Body)
	if err != nil {
		return err
	}
	x.srv.mu.Lock()
	defer x.srv.mu.Unlock()
	x.srv.messages = append(x.srv.messages, received{from: x.from, to: x.to, msg: m, body: string(body)})
	return nil
}

// startSMTP serves on addr ("127.0.0.1:0" for any port) until the test ends or stop is called.
func startSMTP(t *testing.T, addr string) (*smtpServer, string) {
	t.Helper()
	s := &smtpServer{}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "localhost"
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port of a server just stopped may take a moment to be free again
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.srv.Serve(l) }()
	t.Cleanup(func() { _ = s.srv.Close() })
	return s, l.Addr().String()
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received{}, s.messages...)
}

// TestMailIsNeverLost: notifications are e-mailed through a real SMTP server
// on loopback, once each; a kind the user turned off is not; while the server
// is down nothing is lost — the message waits and goes once it is back; two
// deliverers at once still send each message once.
func TestMailIsNeverLost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		server, addr := startSMTP(t, "127.0.0.1:0")
		u, err := url.Parse("smtp://" + addr)
		if err != nil {
			t.Fatal(err)
		}
		env := at.NewMailing(t, db, &pmail.Config{URL: u, From: "noreply@kcyj2035.local"})
		w := env.NewWorld()
		deliver := func() int {
			t.Helper()
			n, err := env.App.Mailer(at.Discard()).RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		queued := func(status string) (n int64) {
			t.Helper()
			if err := db.Gorm().Raw("SELECT COUNT(*) FROM mail_outbox WHERE status = ?", status).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		id := w.Submitted(w.Enterprise, "邮件通知挑战")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", w.Approval(time.Hour)), 200)
		if n := deliver(); n != 1 {
			t.Fatalf("delivered %d, want the owner's one", n)
		}
		got := server.received()
		if len(got) != 1 || got[0].to != w.Enterprise.Email || got[0].from != "noreply@kcyj2035.local" {
			t.Fatalf("received %+v", got)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(got[0].msg.Header.Get("Subject"))
		if err != nil || !strings.Contains(subject, "邮件通知挑战") || !strings.Contains(got[0].body, "邮件通知挑战") {
			t.Fatalf("subject %q body %q (%v)", subject, got[0].body, err)
		}
		if !strings.HasPrefix(got[0].msg.Header.Get("Message-ID"), "<") || got[0].msg.Header.Get("X-Kcyj2035-Kind") != "challenge.approved" {
			t.Fatalf("headers %v", got[0].msg.Header)
		}
		if deliver() != 0 || len(server.received()) != 1 || queued("sent") != 1 {
			t.Fatal("a delivered message went again")
		}

		// A kind the user turned off comes in the app only.
		var prefs struct {
			Off     []string `json:"off"`
			Enabled bool     `json:"enabled"`
		}
		at.Expect(t, env.Put(w.Enterprise.Token, "/api/v1/me/mail-preferences", map[string]any{"off": []string{"challenge.returned", "challenge.returned"}}), 200).JSON(t, &prefs)
		if len(prefs.Off) != 1 || !prefs.Enabled {
			t.Fatalf("preferences %+v", prefs)
		}
		at.Expect(t, env.Put(w.Enterprise.Token, "/api/v1/me/mail-preferences", map[string]any{"off": []string{"Not a kind"}}), 422)
		returned := w.Submitted(w.Enterprise, "退回不发邮件")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+returned+"/return", map[string]any{"reason": "请补充指标"}), 200)
		if k := notificationKinds(t, env, w.Enterprise); k["challenge.returned"] != 1 {
			t.Fatalf("the in-app notification is still there: %v", k)
		}
		if deliver() != 0 || queued("pending") != 0 {
			t.Fatal("a kind turned off was e-mailed")
		}

		// The server goes down: the message waits, then goes once, when it is back.
		if err := server.srv.Close(); err != nil {
			t.Fatal(err)
		}
		rejected := w.Submitted(w.Enterprise, "服务器停机时驳回")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+rejected+"/reject", map[string]any{"reason": "不符合指南"}), 200)
		if n := deliver(); n != 0 {
			t.Fatalf("delivered %d with the server down", n)
		}
		var attempts int
		var lastError string
		if err := db.Gorm().Raw("SELECT attempts, last_error FROM mail_outbox WHERE status = 'pending'").Row().Scan(&attempts, &lastError); err != nil {
			t.Fatal(err)
		}
		if attempts != 1 || lastError == "" {
			t.Fatalf("after a failed attempt: attempts %d, error %q", attempts, lastError)
		}
		deliver() // not due yet: no second attempt
		if err := db.Gorm().Raw("SELECT attempts FROM mail_outbox WHERE status = 'pending'").Scan(&attempts).Error; err != nil || attempts != 1 {
			t.Fatalf("retried before its backoff: %d %v", attempts, err)
		}
		back, _ := startSMTP(t, addr)
		env.Clock.Advance(pmail.Backoff(1) + time.Second)
		if n := deliver(); n != 1 {
			t.Fatalf("delivered %d once the server was back, want 1", n)
		}
		if got := back.received(); len(got) != 1 || got[0].to != w.Enterprise.Email || !strings.Contains(got[0].body, "服务器停机时驳回") {
			t.Fatalf("the server back received %+v", got)
		}
		if deliver() != 0 || len(back.received()) != 1 {
			t.Fatal("sent twice")
		}

		// Two deliverers at once (two processes, should two ever lead): each message once.
		for i := 0; i < 6; i++ {
			c := w.Submitted(w.Enterprise, "批量通知挑战")
			at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+c+"/approve", w.Approval(time.Hour)), 200)
		}
		var wg sync.WaitGroup
		sent := make([]int, 2)
		for i := range sent {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				n, err := env.App.Mailer(at.Discard()).RunOnce(ctx)
				if err != nil {
					t.Error(err)
				}
				sent[i] = n
			}(i)
		}
		wg.Wait()
		ids := map[string]int{}
		for _, m := range back.received()[1:] {
			ids[m.msg.Header.Get("Message-ID")]++
		}
		if sent[0]+sent[1] != 6 || len(ids) != 6 || len(back.received()) != 7 {
			t.Fatalf("two deliverers sent %v, %d distinct of %d received", sent, len(ids), len(back.received())-1)
		}
	})
}
