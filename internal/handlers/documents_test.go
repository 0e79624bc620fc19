package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/blob"
	"github.com/kcyj2035/portfolio/internal/blob/blobtest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type documentView struct {
	ID, Name, MediaType, SHA256, Kind, ParentType, ParentID, UploadedBy, UploaderOrg string
	Size                                                                             int64
}

func readDocument(t *testing.T, r *at.Response) documentView {
	t.Helper()
	var v struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		MediaType   string `json:"media_type"`
		SHA256      string `json:"sha256"`
		Kind        string `json:"kind"`
		ParentType  string `json:"parent_type"`
		ParentID    string `json:"parent_id"`
		UploadedBy  string `json:"uploaded_by"`
		UploaderOrg string `json:"uploader_org"`
		Size        int64  `json:"size"`
	}
	r.JSON(t, &v)
	return documentView{v.ID, v.Name, v.MediaType, v.SHA256, v.Kind, v.ParentType, v.ParentID, v.UploadedBy, v.UploaderOrg, v.Size}
}

// keys lists what the store holds.
func keys(t *testing.T, s *blob.Store) []string {
	t.Helper()
	k, err := s.Keys(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func countDocuments(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM documents").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDocumentRoundTrip: on both databases and both stores (a folder, and S3
// over HTTP), a file goes in and comes back byte for byte, with its Chinese
// name, its digest as ETag, ranges and the headers that keep a browser from
// running it.
func TestDocumentRoundTrip(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, blobs *blob.Store) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			env := at.NewWith(t, db, at.Discard(), blobs)
			w := env.NewWorld()
			pid := w.Approved(w.Institute, "附件项目")
			content := append(append([]byte{}, at.PDF...), bytes.Repeat([]byte("海缆绝缘料 "), 5000)...)
			sum := sha256.Sum256(content)
			r := at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/projects/"+pid+"/documents", "中期 评审\"材料\".pdf", "evidence", content), 201)
			d := readDocument(t, r)
			if d.Name != "中期 评审材料.pdf" || d.MediaType != "application/pdf" || d.Size != int64(len(content)) ||
				d.SHA256 != hex.EncodeToString(sum[:]) || d.Kind != "evidence" || d.ParentType != "project" || d.ParentID != pid ||
				d.UploadedBy != w.Institute.ID || d.UploaderOrg == "" {
				t.Fatalf("metadata %+v", d)
			}
			if got := keys(t, blobs); len(got) != 1 || got[0] != d.ID {
				t.Fatalf("stored keys %v", got)
			}

			got := at.Expect(t, env.Get(w.PM.Token, "/api/v1/documents/"+d.ID+"/content"), 200)
			if !bytes.Equal(got.Body, content) {
				t.Fatalf("content differs: %d bytes back of %d", len(got.Body), len(content))
			}
			h := got.Header
			if h.Get("Content-Type") != "application/pdf" || h.Get("ETag") != `"`+d.SHA256+`"` ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Accept-Ranges") != "bytes" {
				t.Fatalf("headers %v", h)
			}
			wantCD := `attachment; filename="__ ____.pdf"; filename*=UTF-8''%E4%B8%AD%E6%9C%9F%20%E8%AF%84%E5%AE%A1%E6%9D%90%E6%96%99.pdf`
			if cd := h.Get("Content-Disposition"); cd != wantCD {
				t.Fatalf("Content-Disposition %q, want %q", cd, wantCD)
			}
			// A range, as a download resumes; the digest answers "not modified".
			part := env.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/documents/" + d.ID + "/content", Token: w.PM.Token,
				Headers: map[string]string{"Range": "bytes=1000-1099"}})
			if part.Status != http.StatusPartialContent || !bytes.Equal(part.Body, content[1000:1100]) ||
				part.Header.Get("Content-Range") != fmt.Sprintf("bytes 1000-1099/%d", len(content)) {
				t.Fatalf("range: %d %q %v", part.Status, part.Body[:min(len(part.Body), 20)], part.Header)
			}
			// A few ranges are served as parts; thousands, or overlapping ones,
			// are refused rather than multiplying the bytes sent (outside
			// review, finding 5: 5,231 ranges of 100 KB gave 787 KB).
			ranged := func(spec string) *at.Response {
				return env.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/documents/" + d.ID + "/content", Token: w.PM.Token,
					Headers: map[string]string{"Range": "bytes=" + spec}})
			}
			if r := ranged("0-9,100-109,-10"); r.Status != http.StatusPartialContent ||
				!strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/byteranges") {
				t.Fatalf("three ranges: %d %v", r.Status, r.Header)
			}
			many := make([]string, 5231)
			for i := range many {
				many[i] = fmt.Sprintf("%d-%d", i*10, i*10+9)
			}
			for _, spec := range []string{strings.Join(many, ","), strings.Join(many[:9], ","), "0-99,50-149", "0-,-10", "10-20,0-10"} {
				r := ranged(spec)
				if r.Status != http.StatusRequestedRangeNotSatisfiable || len(r.Body) > 1000 ||
					r.Header.Get("Content-Range") != fmt.Sprintf("bytes */%d", len(content)) {
					t.Fatalf("Range %.40s…: %d, %d bytes, Content-Range %q", spec, r.Status, len(r.Body), r.Header.Get("Content-Range"))
				}
			}
			same := env.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/documents/" + d.ID + "/content", Token: w.PM.Token,
				Headers: map[string]string{"If-None-Match": `"` + d.SHA256 + `"`}})
			if same.Status != http.StatusNotModified || len(same.Body) != 0 {
				t.Fatalf("If-None-Match: %d", same.Status)
			}
			// Listed with the project, and gone with its bytes when the uploader removes it.
			list := at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+pid+"/documents"), 200).Map(t)
			if items := list["items"].([]any); len(items) != 1 {
				t.Fatalf("list %v", list)
			}
			at.Expect(t, env.Do(at.Request{Method: http.MethodDelete, Path: "/api/v1/documents/" + d.ID, Token: w.Institute.Token}), 204)
			at.Expect(t, env.Get(w.PM.Token, "/api/v1/documents/"+d.ID), 404)
			if got := keys(t, blobs); len(got) != 0 {
				t.Fatalf("bytes left after removal: %v", got)
			}
			audit := at.Expect(t, env.Get(w.PM.Token, "/api/v1/audit?entity=document&entity_id="+d.ID), 200).Map(t)
			if n := len(audit["items"].([]any)); n != 2 {
				t.Fatalf("audit records of the document: %d, want upload and delete", n)
			}
		})
	})
}

// TestDocumentRefusals: every refusal is a clear 4xx, and none leaves a row
// or bytes behind.
func TestDocumentRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		blobs := blobtest.Folder(t)
		env := at.NewWith(t, db, at.Discard(), blobs)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "拒收项目")
		path := "/api/v1/projects/" + pid + "/documents"
		html := []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...)
		svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
		// An SVG with script told as text, under an image's or a page's name
		// (outside review, finding 7): the name and the content disagree.
		svgText := []byte("\n<svg onload=alert(1)><script>alert(1)</script></svg>")
		for name, c := range map[string][]byte{"伪装.pdf": html, "setup.pdf": exe, "图.svg": svg, "x.png": svgText, "x.svg": svgText,
			"报告.pdf.exe": at.PDF} {
			r := env.Upload(w.Institute.Token, path, name, "", c)
			if r.Status != http.StatusUnsupportedMediaType || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		problem := func(r *at.Response, status int, field string) {
			t.Helper()
			at.Expect(t, r, status)
			if field != "" && !strings.Contains(string(r.Body), `"field":"`+field+`"`) {
				t.Errorf("%d names no field %q: %s", status, field, r.Body)
			}
		}
		problem(env.Upload(w.Institute.Token, path, "空.pdf", "", nil), 422, "file")
		problem(env.Upload(w.Institute.Token, path, "a.pdf", "nonsense", at.PDF), 422, "kind")
		problem(env.Post(w.Institute.Token, path, map[string]any{"file": "x"}), 400, "")
		body, ct := at.Form("a.pdf", "", at.PDF)
		problem(env.Do(at.Request{Method: http.MethodPost, Path: path, Token: w.Institute.Token, Body: bytes.Replace(body, []byte(`name="file"`), []byte(`name="other"`), 1),
			Headers: map[string]string{"Content-Type": ct}}), 400, "")
		// A body that breaks off half-way.
		problem(env.Do(at.Request{Method: http.MethodPost, Path: path, Token: w.Institute.Token, Body: body[:len(body)-40],
			Headers: map[string]string{"Content-Type": ct}}), 400, "")

		// Over the limit, streamed (no length): refused when it passes the limit.
		big := int64(50<<20) + 1
		r := env.Do(at.Request{Method: http.MethodPost, Path: path, Token: w.Institute.Token, Body: streamedForm(big),
			Headers: map[string]string{"Content-Type": "multipart/form-data; boundary=" + streamBoundary}})
		problem(r, 413, "")
		if countDocuments(t, db) != 0 || len(keys(t, blobs)) != 0 {
			t.Fatalf("a refusal left %d rows and keys %v", countDocuments(t, db), keys(t, blobs))
		}
		// At the limit exactly: stored.
		r = env.Do(at.Request{Method: http.MethodPost, Path: path, Token: w.Institute.Token, Body: streamedForm(50 << 20),
			Headers: map[string]string{"Content-Type": "multipart/form-data; boundary=" + streamBoundary}})
		if d := readDocument(t, at.Expect(t, r, 201)); d.Size != 50<<20 {
			t.Fatalf("size %d", d.Size)
		}
	})
}

const streamBoundary = "portfolio-test-boundary"

// streamedForm is a multipart body with a PDF of n bytes, generated as it is
// read (no length, never whole in memory).
func streamedForm(n int64) io.Reader {
	head := "--" + streamBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"大文件.pdf\"\r\n" +
		"Content-Type: application/pdf\r\n\r\n"
	tail := "\r\n--" + streamBoundary + "--\r\n"
	return io.MultiReader(strings.NewReader(head), strings.NewReader(string(at.PDF)),
		io.LimitReader(zeros{}, n-int64(len(at.PDF))), strings.NewReader(tail))
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestSealedBidDocuments: a bid's documents are as sealed as the bid: only
// its organization sees them before the deadline; after it the owner and
// program managers read them; if the challenge is cancelled before the
// deadline they stay sealed for good. Nobody adds one after the deadline.
func TestSealedBidDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		cid := w.Published(w.Enterprise, "密封附件", time.Hour)
		bid := w.Bid(w.Institute, cid)
		doc := readDocument(t, at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/bids/"+bid+"/documents", "申报书.pdf", "proposal", at.PDF), 201))
		for _, u := range []*at.User{w.Enterprise, w.PM, w.Admin, w.Expert, w.InstituteOther} {
			for _, p := range []string{"/api/v1/documents/" + doc.ID, "/api/v1/documents/" + doc.ID + "/content", "/api/v1/bids/" + bid + "/documents"} {
				at.Expect(t, env.Get(u.Token, p), 404)
			}
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/documents/"+doc.ID+"/content"), 200)

		// Cancelled before the deadline: sealed for good, even after it.
		cid2 := w.Published(w.Enterprise, "取消的揭榜", time.Hour)
		bid2 := w.Bid(w.Institute, cid2)
		doc2 := readDocument(t, at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/bids/"+bid2+"/documents", "方案.pdf", "proposal", at.PDF), 201))
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+cid2+"/cancel", map[string]any{"reason": "需求变化"}), 200)

		w.Advance(2 * time.Hour)
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/documents/"+doc.ID+"/content"), 200)
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/documents/"+doc.ID), 200)
		at.Expect(t, env.Get(w.InstituteOther.Token, "/api/v1/documents/"+doc.ID), 404)
		for _, u := range []*at.User{w.Enterprise, w.PM} {
			at.Expect(t, env.Get(u.Token, "/api/v1/documents/"+doc2.ID), 404)
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/documents/"+doc2.ID), 200)
		// Locked after the deadline: nothing added, nothing removed.
		at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/bids/"+bid+"/documents", "补充.pdf", "", at.PDF), 409)
		at.Expect(t, env.Do(at.Request{Method: http.MethodDelete, Path: "/api/v1/documents/" + doc.ID, Token: w.Institute.Token}), 409)
	})
}

// deadlineReader passes the deadline while the bytes arrive.
type deadlineReader struct {
	r    io.Reader
	w    *at.World
	done bool
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	if !d.done {
		d.done = true
		d.w.Clock.Advance(2 * time.Hour)
	}
	return d.r.Read(p)
}

// TestDeadlinePassesDuringUpload: the bytes were accepted when the upload
// began but the deadline passed before they were all in: refused, and
// neither row nor bytes stay.
func TestDeadlinePassesDuringUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		blobs := blobtest.Folder(t)
		env := at.NewWith(t, db, at.Discard(), blobs)
		w := env.NewWorld()
		bid := w.Bid(w.Institute, w.Published(w.Enterprise, "上传途中截止", time.Hour))
		body, ct := at.Form("申报书.pdf", "proposal", append(append([]byte{}, at.PDF...), make([]byte, 64<<10)...))
		r := env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/bids/" + bid + "/documents", Token: w.Institute.Token,
			Body: &deadlineReader{r: bytes.NewReader(body), w: w}, Headers: map[string]string{"Content-Type": ct}})
		at.Expect(t, r, 409)
		if countDocuments(t, db) != 0 || len(keys(t, blobs)) != 0 {
			t.Fatalf("left %d rows and keys %v", countDocuments(t, db), keys(t, blobs))
		}
	})
}

// TestOrphanSweep: bytes no row names are removed once older than the grace
// period; bytes of a document, and recent bytes (an upload in progress), stay.
func TestOrphanSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		blobs := blobtest.Folder(t)
		env := at.NewWith(t, db, at.Discard(), blobs)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "清理项目")
		kept := readDocument(t, at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/projects/"+pid+"/documents", "a.pdf", "", at.PDF), 201))
		ctx := context.Background()
		orphan := domain.NewID() // as an upload whose process died before its row
		foreign := "README.txt"  // not a document's key: never touched
		for _, k := range []string{orphan, foreign} {
			if _, err := blobs.Put(ctx, k, bytes.NewReader(at.PDF), "application/pdf", 1<<20); err != nil {
				t.Fatal(err)
			}
		}
		// The real clock made the orphan's id; the app's clock is the test's.
		env.Clock.Set(time.Now())
		if n, err := env.App.Documents.SweepOrphans(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("a recent orphan is an upload in progress: removed %d, %v", n, err)
		}
		env.Clock.Set(time.Now().Add(2 * time.Hour))
		if n, err := env.App.Documents.SweepOrphans(ctx, time.Hour); err != nil || n != 1 {
			t.Fatalf("swept %d, %v", n, err)
		}
		got := strings.Join(keys(t, blobs), ",")
		if strings.Contains(got, orphan) || !strings.Contains(got, kept.ID) || !strings.Contains(got, foreign) {
			t.Fatalf("keys after the sweep: %s", got)
		}
	})
}

// TestMoveCitesDocuments: a stage move cites the project's documents as its
// evidence and the history keeps them; another project's document is refused.
func TestMoveCitesDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Proposal(w.Institute, "引证附件项目")
		own := readDocument(t, at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/projects/"+pid+"/documents", "立项评审意见.pdf", "evidence", at.PDF), 201))
		other := w.Proposal(w.Institute, "另一个项目")
		foreign := readDocument(t, at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/projects/"+other+"/documents", "别处.pdf", "evidence", at.PDF), 201))
		move := func(ids ...string) *at.Response {
			return env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/transitions", map[string]any{"from": "proposal", "to": "research",
				"version": 1, "evidence": "立项评审通过", "document_ids": ids})
		}
		r := at.Expect(t, move(own.ID, foreign.ID), 422)
		if !strings.Contains(string(r.Body), `"field":"document_ids[1]"`) {
			t.Fatalf("the refusal does not name the document: %s", r.Body)
		}
		at.Expect(t, move(own.ID), 200)
		hist := items[struct {
			To          string   `json:"to"`
			DocumentIDs []string `json:"document_ids"`
		}](t, at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+pid+"/history"), 200))
		last := hist[len(hist)-1]
		if last.To != "research" || len(last.DocumentIDs) != 1 || last.DocumentIDs[0] != own.ID {
			t.Fatalf("history %+v", hist)
		}
	})
}

// slowReader hands out its bytes a chunk at a time with a pause before each.
type slowReader struct {
	data  []byte
	chunk int
	pause time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.pause)
	n := copy(p[:min(len(p), r.chunk)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestSlowUploadOutlastsTheReadTimeout: behind a real HTTP server whose read
// and write timeouts are short, a document arriving slowly (a large file on
// a slow line) is still taken whole, while a slow JSON body is cut off at the
// server's timeout as before.
func TestSlowUploadOutlastsTheReadTimeout(t *testing.T) {
	db := storetest.Drivers(t)[0].Open(t) // the timeouts are the HTTP server's: one database is enough
	env := at.New(t, db)
	w := env.NewWorld()
	pid := w.Approved(w.Institute, "慢速上传项目")
	srv := httptest.NewUnstartedServer(env.App.Server.Handler())
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	srv.Start()
	defer srv.Close()
	body, ct := at.Form("慢.pdf", "evidence", append(append([]byte{}, at.PDF...), make([]byte, 8<<10)...))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/projects/"+pid+"/documents", &slowReader{data: body, chunk: 1024, pause: 100 * time.Millisecond})
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+w.Institute.Token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("a slow upload was cut off: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("a slow upload: %d", res.StatusCode)
	}
	slow := &slowReader{data: []byte(`{"email":"a@b.cn","password":"x"}`), chunk: 4, pause: 100 * time.Millisecond}
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/api/v1/auth/login", slow)
	req.Header.Set("Content-Type", "application/json")
	if res, err := srv.Client().Do(req); err == nil {
		res.Body.Close()
		if res.StatusCode < 400 {
			t.Fatalf("a slow JSON body outlasted the read timeout: %d", res.StatusCode)
		}
	}
}

// TestRefusedUploadIsAnsweredAtOnce (outside review, finding 3): an upload
// whose caller is not signed in, or may not upload there, is answered while
// its body is still arriving, and the connection is closed: the long
// deadline of uploads is given only once the caller is known and allowed.
func TestRefusedUploadIsAnsweredAtOnce(t *testing.T) {
	db := storetest.Drivers(t)[0].Open(t) // the HTTP server's behaviour: one database is enough
	env := at.New(t, db)
	w := env.NewWorld()
	pid := w.Approved(w.Institute, "拒绝上传项目")
	srv := httptest.NewServer(env.App.Server.Handler())
	defer srv.Close()
	for _, c := range []struct {
		who, token string
		status     int
	}{{"anonymous", "", 401}, {"another organization", w.InstituteOther.Token, 404}, {"an expert", w.Expert.Token, 403}} {
		body, ct := at.Form("慢.pdf", "evidence", append(append([]byte{}, at.PDF...), make([]byte, 32<<10)...))
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		head := fmt.Sprintf("POST /api/v1/projects/%s/documents HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n", pid, ct, len(body))
		if c.token != "" {
			head += "Authorization: Bearer " + c.token + "\r\n"
		}
		if _, err := conn.Write([]byte(head + "\r\n")); err != nil {
			t.Fatal(err)
		}
		// The body trickles in 1 KiB every 20 ms (about 0.7 s in all) while
		// the answer is read; the writer stops when the server hangs up.
		var sent atomic.Int64
		done := make(chan struct{})
		go func() {
			defer close(done)
			for off := 0; off < len(body); off += 1024 {
				if _, err := conn.Write(body[off:min(off+1024, len(body))]); err != nil {
					return
				}
				sent.Store(int64(min(off+1024, len(body))))
				time.Sleep(20 * time.Millisecond)
			}
		}()
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: no answer: %v", c.who, err)
		}
		answeredAfter := sent.Load()
		res.Body.Close()
		if res.StatusCode != c.status || !res.Close {
			t.Errorf("%s: %d, closing %v; want %d and Connection: close", c.who, res.StatusCode, res.Close, c.status)
		}
		if answeredAfter >= int64(len(body)) {
			t.Errorf("%s: answered only after the whole body (%d bytes) arrived", c.who, answeredAfter)
		}
		<-done
		conn.Close()
	}
}
