package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// tlsServer is a real SMTP server on loopback with a certificate of the
// test's own CA, which accepts PLAIN authentication over TLS only and
// records, per message, whether it arrived over TLS.
type tlsServer struct {
	mu       sync.Mutex
	messages []string
	overTLS  []bool
	authed   []string
}

func (s *tlsServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, secure := c.TLSConnectionState()
	return &tlsSession{srv: s, secure: secure}, nil
}

type tlsSession struct {
	srv    *tlsServer
	secure bool
	user   string
}

func (x *tlsSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (x *tlsSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "mailer" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		x.user = user
		return nil
	}), nil
}
func (x *tlsSession) Reset()                               {}
func (x *tlsSession) Logout() error                        { return nil }
func (x *tlsSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *tlsSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x *tlsSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.srv.mu.Lock()
	defer x.srv.mu.Unlock()
	x.srv.messages = append(x.srv.messages, string(b))
	x.srv.overTLS = append(x.srv.overTLS, x.secure)
	x.srv.authed = append(x.srv.authed, x.user)
	return nil
}

// testCA makes a CA and a server certificate for 127.0.0.1 signed by it.
func testCA(t *testing.T) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	caKey, srvKey := key(), key()
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test mail CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: srvKey}
}

func startTLSServer(t *testing.T, cert tls.Certificate, implicit bool) (*tlsServer, string) {
	t.Helper()
	s := &tlsServer{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.AllowInsecureAuth = false // AUTH before TLS is refused: a password never crosses in plain text
	var l net.Listener
	var err error
	if implicit {
		l, err = tls.Listen("tcp", "127.0.0.1:0", srv.TLSConfig)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s, l.Addr().String()
}

// TestDeliveryOverTLS: smtp:// switches to TLS when the server offers
// STARTTLS and authenticates only then; smtps:// speaks TLS from the start;
// a certificate the deliverer does not trust stops the delivery.
func TestDeliveryOverTLS(t *testing.T) {
	roots, cert := testCA(t)
	item := Item{NotificationID: "n-1", To: "owner@example.cn", Kind: "challenge.approved", Body: "榜单已发布", CreatedAt: time.Now()}
	for _, tc := range []struct {
		name     string
		scheme   string
		implicit bool
	}{{"STARTTLS", "smtp", false}, {"smtps", "smtps", true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv, addr := startTLSServer(t, cert, tc.implicit)
			u, err := url.Parse(tc.scheme + "://mailer:s3cret@" + addr)
			if err != nil {
				t.Fatal(err)
			}
			d := &Deliverer{Config: Config{URL: u, From: "noreply@kcyj2035.local", RootCAs: roots}, Timeout: 10 * time.Second}
			if err := d.send(context.Background(), item); err != nil {
				t.Fatalf("send: %v", err)
			}
			srv.mu.Lock()
			n, overTLS, authed := len(srv.messages), srv.overTLS, srv.authed
			ok := n == 1 && overTLS[0] && authed[0] == "mailer" && strings.Contains(srv.messages[0], "Message-ID")
			srv.mu.Unlock()
			if !ok {
				t.Fatalf("messages %d, over TLS %v, authenticated as %v", n, overTLS, authed)
			}
			// The system's roots do not know the test CA: nothing is sent.
			d.Config.RootCAs = nil
			if err := d.send(context.Background(), item); err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Fatalf("an untrusted certificate: %v", err)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if len(srv.messages) != 1 {
				t.Fatal("a message went to a server whose certificate is not trusted")
			}
		})
	}
}
