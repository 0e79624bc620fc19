package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestDocumentUploadMemory measures, in a server process of its own (built
// without the race detector), how far the peak resident memory (VmHWM)
// rises while a 50 MiB document uploads and downloads again, on the folder
// store and on S3 (an S3-protocol server on loopback). Bytes stream from the
// request to storage and back: the rise stays a small fraction of the file
// (a server holding the file would rise by at least its 50 MiB). The figures
// are logged and recorded in docs/benchmarks.md.
func TestDocumentUploadMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read the server's peak memory")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	backend := s3mem.New()
	if err := backend.CreateBucket("docs"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(backend).Server())
	defer s3.Close()
	stores := []struct{ name, url string }{
		{"folder", ""},
		{"s3", "s3://docs?region=us-east-1&use_path_style=true&endpoint=" + s3.URL},
	}
	const size = 50 << 20
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			srv := startServer(t, bin, freeAddr(t), "DATABASE_URL=", "PORTFOLIO_DATA_DIR="+filepath.Join(dir, st.name),
				"PORTFOLIO_DEMO=1", "PORTFOLIO_BLOB_URL="+st.url, "AWS_ACCESS_KEY_ID=portfolio-test", "AWS_SECRET_ACCESS_KEY=portfolio-test-secret")
			token := srv.login(t, "pm@demo.kcyj2035.cn", "Demo@2035yj")
			client := &http.Client{Timeout: 5 * time.Minute}
			status, body := srv.do(client, token, http.MethodGet, "/api/v1/projects?stage=research&limit=1", nil)
			var page struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
			}
			if err := json.Unmarshal(body, &page); status != 200 || err != nil || len(page.Items) == 0 {
				t.Fatalf("projects: %d %s", status, body)
			}
			path := "/api/v1/projects/" + page.Items[0].ID + "/documents"
			upload(t, client, srv.base+path, token, 1<<20) // warm up: the first upload's one-time costs are not the file's
			pid := srv.cmd.Process.Pid
			base := peakKiB(t, pid)
			id, digest := upload(t, client, srv.base+path, token, size)
			afterUpload := peakKiB(t, pid)
			got := download(t, client, srv.base+"/api/v1/documents/"+id+"/content", token)
			afterDownload := peakKiB(t, pid)
			if got != digest {
				t.Fatalf("downloaded digest %s, uploaded %s", got, digest)
			}
			t.Logf("%s: server peak RSS %d MiB before, %d MiB after uploading %d MiB (+%d MiB), %d MiB after downloading it",
				st.name, base>>10, afterUpload>>10, size>>20, (afterUpload-base)>>10, afterDownload>>10)
			if rise := afterDownload - base; rise > 24<<10 { // under half the file: S3 holds two 5 MiB parts and the first part as it is read
				t.Errorf("the peak rose by %d MiB for a %d MiB file: the bytes are held, not streamed", rise>>10, size>>20)
			}
		})
	}
}

// upload streams a PDF of n bytes as a multipart form (never whole in this
// process either) and returns the document's id and digest.
func upload(t *testing.T, client *http.Client, url, token string, n int64) (string, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("file", "大文件.pdf")
		if err == nil {
			_, err = fw.Write([]byte("%PDF-1.7\n"))
		}
		if err == nil {
			_, err = io.CopyN(fw, zeroReader{}, n-9)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, url, pr)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d struct {
		ID     string `json:"id"`
		SHA256 string `json:"sha256"`
		Size   int64  `json:"size"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&d); resp.StatusCode != http.StatusCreated || err != nil || d.Size != n {
		t.Fatalf("upload of %d bytes: %d %+v %v", n, resp.StatusCode, d, err)
	}
	return d.ID, d.SHA256
}

func download(t *testing.T, client *http.Client, url, token string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	h := sha256.New()
	if _, err := io.Copy(h, resp.Body); err != nil {
		t.Fatal(fmt.Errorf("download: %w", err))
	}
	return hex.EncodeToString(h.Sum(nil))
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
