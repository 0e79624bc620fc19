package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/excel/exceltest"
)

// TestHostileWorkbookMemory measures, in a server process of its own (built
// without the race detector), the peak memory (VmHWM) while it refuses a
// 260 KB workbook that unzips to one shared string of 256 MiB. Without the
// limits this took a server from 680 to 1,578 MiB; the bound is 200 MB.
func TestHostileWorkbookMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read the server's peak memory")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	srv := startServer(t, bin, freeAddr(t), "DATABASE_URL=", "PORTFOLIO_DATA_DIR="+filepath.Join(dir, "data"),
		"PORTFOLIO_ADMIN_EMAIL=admin@memory.test", "PORTFOLIO_ADMIN_PASSWORD=Memory-test-2035", "PORTFOLIO_DEMO=0")
	base := srv.base
	client := &http.Client{Timeout: 2 * time.Minute}
	token := srv.login(t, "admin@memory.test", "Memory-test-2035")
	bomb := exceltest.Workbook(exceltest.OneCellRow(1, "A"), exceltest.SharedString(256<<20))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "bomb.xlsx")
	_, _ = fw.Write(bomb)
	_ = mw.Close()
	before := peakKiB(t, srv.cmd.Process.Pid)
	var answers []string
	for _, q := range []string{"?dry_run=true", ""} {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/imports/organizations"+q, bytes.NewReader(body.Bytes()))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || !bytes.Contains(msg, []byte("unzips to more than")) {
			answers = append(answers, fmt.Sprintf("%d %.300s", resp.StatusCode, msg))
		}
	}
	peak := peakKiB(t, srv.cmd.Process.Pid)
	for _, a := range answers {
		t.Errorf("the %d KB workbook: %s, want 422 naming the limit", len(bomb)>>10, a)
	}
	t.Logf("server peak RSS: %d MiB before, %d MiB after refusing a %d KB workbook that unzips to 256 MiB (twice)",
		before>>10, peak>>10, len(bomb)>>10)
	if peak > 200*1000 { // 200 MB
		t.Errorf("the server's peak memory reached %d MiB (bound: 200 MB)", peak>>10)
	}
}

// peakKiB is a process's peak resident set size (VmHWM) in KiB.
func peakKiB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			n, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmHWM")
	return 0
}
