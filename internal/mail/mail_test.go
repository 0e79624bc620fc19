package mail_test

import (
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
	pmail "github.com/kcyj2035/portfolio/internal/mail"
)

func TestBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 7: 32 * time.Minute, 8: time.Hour, 30: time.Hour} {
		if got := pmail.Backoff(n); got != want {
			t.Errorf("after attempt %d: %v, want %v", n, got, want)
		}
	}
}

func TestCompose(t *testing.T) {
	at := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	raw := pmail.Compose("noreply@kcyj2035.cn", pmail.Item{NotificationID: "n-1", To: "a@b.cn", Kind: "challenge.approved",
		Body: "揭榜「港口」已通过审核并发布。\n.一行以点开头", CreatedAt: at})
	m, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != "科创甬江2035：揭榜「港口」已通过审核并发布" {
		t.Fatalf("subject %q %v", subject, err)
	}
	if m.Header.Get("Message-ID") != "<n-1@kcyj2035.cn>" || m.Header.Get("Content-Type") != "text/plain; charset=utf-8" ||
		!strings.Contains(m.Header.Get("Date"), "+0800") {
		t.Fatalf("headers %v", m.Header)
	}
	if !strings.Contains(string(raw), "\r\n.一行以点开头\r\n") {
		t.Fatal("a line starting with a dot is changed before the DATA writer's own escaping")
	}
	long := pmail.Compose("x@y.cn", pmail.Item{Body: strings.Repeat("很长", 40), CreatedAt: at})
	if !strings.Contains(string(long), mime.BEncoding.Encode("utf-8", "科创甬江2035 通知")) {
		t.Fatal("a long first sentence should give the plain subject")
	}
	if _, err := pmail.ParseURL("smtp://user:pw@mail.example.cn:587"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http://mail:25", "smtp://mail", "smtp://:25", "mail.example.cn:25"} {
		if _, err := pmail.ParseURL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestComposeNormalizesLineEnds: whatever line ends a body holds (CR LF, a
// bare CR, a bare LF), the message has CR LF only, and the subject one line
// (outside review, finding 2: a CR in a title reached the SMTP data).
func TestComposeNormalizesLineEnds(t *testing.T) {
	raw := string(pmail.Compose("x@y.cn", pmail.Item{NotificationID: "n-2", To: "a@b.cn",
		Body: "揭榜「港口\r伪造: 头」\n已发布。\r\n第二行\r第三行\n", CreatedAt: time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)}))
	for i := range len(raw) {
		switch {
		case raw[i] == '\r' && (i+1 == len(raw) || raw[i+1] != '\n'):
			t.Fatalf("a bare CR at byte %d: %q", i, raw)
		case raw[i] == '\n' && (i == 0 || raw[i-1] != '\r'):
			t.Fatalf("a bare LF at byte %d: %q", i, raw)
		}
	}
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("伪造") != "" || len(m.Header) != 9 {
		t.Fatalf("the body's CR made a header: %v", m.Header)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subject != "科创甬江2035：揭榜「港口 伪造: 头」 已发布" {
		t.Fatalf("subject %q", subject)
	}
	if !strings.Contains(raw, "\r\n第二行\r\n第三行\r\n") {
		t.Fatalf("the body's lines: %q", raw)
	}
}

// TestMachine: a pending item is sent, tried again or given up; sent and
// failed are final.
func TestMachine(t *testing.T) {
	machinetest.Check(t, pmail.Machine, pmail.Statuses(), machinetest.Spec[pmail.Action, pmail.Status]{
		pmail.ActDeliver: {pmail.StatusPending: pmail.StatusSent},
		pmail.ActRetry:   {pmail.StatusPending: pmail.StatusPending},
		pmail.ActGiveUp:  {pmail.StatusPending: pmail.StatusFailed},
	})
}
