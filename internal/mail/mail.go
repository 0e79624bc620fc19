// Package mail delivers queued notifications by e-mail: an outbox written in
// the transaction of the change (notify.Service.WithMail), delivered by the
// leading process over SMTP with retries and backoff, each notification
// marked sent once the server has taken it.
package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Item is one queued e-mail.
type Item struct {
	NotificationID string
	To             string
	Kind           string
	Body           string
	Attempts       int // before this one
	CreatedAt      time.Time
}

// Outbox is where the queue lives.
type Outbox interface {
	// Claim takes up to limit items due at now and leases them until
	// until (another claim skips them meanwhile; a process dying mid-send
	// leaves them due again when the lease ends), counting the attempt.
	Claim(ctx context.Context, now, until time.Time, limit int) ([]Item, error)
	// MarkSent records the delivery, moving the item from from to to.
	MarkSent(ctx context.Context, id string, from, to Status, at time.Time) error
	// Retry records a failed attempt, moving the item from from to to: due
	// again at next (still pending), or given up.
	Retry(ctx context.Context, id string, from, to Status, next time.Time, reason string) error
}

// Status is where an item of the outbox is.
type Status string

const (
	StatusPending Status = "pending"
	StatusSent    Status = "sent"
	StatusFailed  Status = "failed"
)

// Statuses lists every status of an item.
func Statuses() []Status { return []Status{StatusPending, StatusSent, StatusFailed} }

// Action is what delivery does to an item.
type Action string

const (
	ActDeliver Action = "deliver" // the server took it
	ActRetry   Action = "retry"   // an attempt failed; it is due again later
	ActGiveUp  Action = "give_up" // the last attempt failed
)

// Machine: a pending item is sent, tried again (still pending) or given up;
// sent and failed are final.
var Machine = domain.Machine[Action, Status]{Entity: domain.Text{En: "e-mail", Zh: "邮件"},
	Rows: map[Action]domain.Transition[Status]{
		ActDeliver: {From: []Status{StatusPending}, To: StatusSent},
		ActRetry:   {From: []Status{StatusPending}, To: StatusPending},
		ActGiveUp:  {From: []Status{StatusPending}, To: StatusFailed},
	}}

// Config is the SMTP server and the sender's address.
type Config struct {
	URL  *url.URL // smtp://user:pass@host:587 (STARTTLS when offered), smtps://host:465
	From string
	// RootCAs the server's certificate must chain to; nil: the system's
	// (the certificate is always verified, against the URL's host).
	RootCAs *x509.CertPool
}

// ParseURL reads PORTFOLIO_SMTP_URL.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || u.Port() == "" {
		return nil, errors.New("PORTFOLIO_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
	}
	return u, nil
}

// Lease is how long a claimed item is left alone while it is sent.
const Lease = 2 * time.Minute

// MaxAttempts is how many times an item is tried before it is given up.
const MaxAttempts = 10

// Backoff is the wait after the n-th failed attempt: 30 s, 1 min, 2 min …
// at most an hour.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Deliverer sends what the outbox holds.
type Deliverer struct {
	Outbox Outbox
	Config Config
	Clock  domain.Clock
	Log    *slog.Logger
	// Timeout bounds each delivery's connection (30 s when 0).
	Timeout time.Duration
}

// RunOnce sends every item due now (in batches), and returns how many were sent.
func (d *Deliverer) RunOnce(ctx context.Context) (int, error) {
	sent := 0
	for {
		now := d.Clock.Now()
		items, err := d.Outbox.Claim(ctx, now, now.Add(Lease), 20)
		if err != nil || len(items) == 0 {
			return sent, err
		}
		var down error // the server cannot be reached: the rest of the batch waits its turn without trying
		for _, it := range items {
			err := down
			if err == nil {
				err = d.send(ctx, it)
				var netErr net.Error
				if errors.As(err, &netErr) {
					down = err
				}
			}
			if err != nil {
				attempt := it.Attempts + 1
				act := ActRetry
				if attempt >= MaxAttempts {
					act = ActGiveUp
				}
				if d.Log != nil {
					d.Log.Warn("mail not delivered", "notification", it.NotificationID, "attempt", attempt, "final", act == ActGiveUp, "err", err)
				}
				to, merr := Machine.Next(act, StatusPending)
				if merr != nil {
					return sent, merr
				}
				if err := d.Outbox.Retry(ctx, it.NotificationID, StatusPending, to, d.Clock.Now().Add(Backoff(attempt)), err.Error()); err != nil {
					return sent, err
				}
				continue
			}
			to, err := Machine.Next(ActDeliver, StatusPending)
			if err != nil {
				return sent, err
			}
			if err := d.Outbox.MarkSent(ctx, it.NotificationID, StatusPending, to, d.Clock.Now()); err != nil {
				return sent, err
			}
			sent++
		}
		if len(items) < 20 || down != nil {
			return sent, nil
		}
	}
}

// send delivers one message: smtps:// speaks TLS from the start; smtp://
// switches to TLS when the server offers STARTTLS, and otherwise goes on in
// plain text only if it sends no password or the server is on loopback.
func (d *Deliverer) send(ctx context.Context, it Item) error {
	c, err := d.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	u := d.Config.URL
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		if err := c.Auth(sasl.NewPlainClient("", user, pass)); err != nil {
			return err
		}
	}
	if err := c.Mail(d.Config.From, &smtp.MailOptions{UTF8: !isASCII(d.Config.From) || !isASCII(it.To)}); err != nil {
		return err
	}
	if err := c.Rcpt(it.To, nil); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(Compose(d.Config.From, it)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func (d *Deliverer) connect(ctx context.Context) (*smtp.Client, error) {
	u := d.Config.URL
	timeout := d.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	dial := func() (net.Conn, error) {
		conn, err := (&net.Dialer{Timeout: timeout}).DialContext(ctx, "tcp", u.Host)
		if err == nil {
			_ = conn.SetDeadline(time.Now().Add(timeout))
		}
		return conn, err
	}
	tlsConfig := &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12, RootCAs: d.Config.RootCAs}
	conn, err := dial()
	if err != nil {
		return nil, err
	}
	if u.Scheme == "smtps" {
		c := smtp.NewClient(tls.Client(conn, tlsConfig))
		return c, c.Hello("localhost")
	}
	c := smtp.NewClient(conn)
	if err := c.Hello("localhost"); err != nil {
		c.Close()
		return nil, err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		// Offered: start again on a connection that switches to TLS first.
		c.Close()
		if conn, err = dial(); err != nil {
			return nil, err
		}
		return smtp.NewClientStartTLS(conn, tlsConfig)
	}
	if _, hasPassword := u.User.Password(); hasPassword && !loopback(u.Hostname()) {
		c.Close()
		return nil, fmt.Errorf("%s offers no STARTTLS: the password is not sent in plain text", u.Host)
	}
	return c, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Compose writes the message: UTF-8 text, the subject encoded for mail
// readers, and the notification's id as its Message-ID (a reader that sees
// it twice, after a crash between the server's acceptance and the marking,
// knows it is the same message).
func Compose(from string, it Item) []byte {
	var b strings.Builder
	// Whatever the body holds, its lines end in CR LF and the subject is one
	// line: a bare CR or LF never reaches the message's structure.
	body := domain.NormalizeLines(it.Body)
	subject := "科创甬江2035 通知"
	if first, _, _ := strings.Cut(body, "。"); first != "" && len([]rune(first)) <= 60 {
		subject = "科创甬江2035：" + strings.Join(strings.Fields(first), " ")
	}
	host := "kcyj2035.local"
	if _, h, ok := strings.Cut(from, "@"); ok && h != "" {
		host = h
	}
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", it.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", it.CreatedAt.In(domain.Beijing).Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", it.NotificationID, host)
	fmt.Fprintf(&b, "X-Kcyj2035-Kind: %s\r\n", it.Kind)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	// Lines as they are: the DATA writer escapes a leading dot itself.
	for _, line := range strings.Split(body, "\n") {
		b.WriteString(line + "\r\n")
	}
	b.WriteString("\r\n— 科创甬江2035 · 宁波市科学技术局（平台自动发送，请勿回复）\r\n")
	return []byte(b.String())
}
