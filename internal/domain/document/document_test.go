package document_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/document"
)

// officeFile is a zip laid out as Word or Excel write theirs.
func officeFile(t *testing.T, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte("<?xml version=\"1.0\"?><x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDetect: the type comes from the content, whatever the name says; only
// the allowlist passes, and nothing a browser would run is on it.
func TestDetect(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	cases := []struct {
		name    string
		content []byte
		want    string
		ok      bool
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n"), "application/pdf", true},
		{"png", png, "image/png", true},
		{"jpeg", jpeg, "image/jpeg", true},
		{"utf-8 text", []byte("项目中期报告：进展顺利。\n"), "text/plain; charset=utf-8", true},
		{"docx", officeFile(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true},
		{"xlsx", officeFile(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true},
		{"zip", officeFile(t, "data/a.csv"), "application/zip", true},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script>"), "text/html; charset=utf-8", false},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), "image/svg+xml", false},
		{"exe", append([]byte("MZ\x90\x00"), make([]byte, 100)...), "application/vnd.microsoft.portable-executable", false},
		{"elf", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...), "", false},
	}
	for _, c := range cases {
		got, ok := document.Detect(c.content)
		if ok != c.ok || (c.want != "" && got != c.want) {
			t.Errorf("%s: %q %v, want %q %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"申报书.pdf":                   "申报书.pdf",
		`C:\Users\张三\预算表.xlsx`:      "预算表.xlsx",
		"../../etc/passwd":          "passwd",
		"  报告\x00\r\n\"终稿\".docx  ": "报告终稿.docx",
		"":                          "",
		"\xff\xfe.txt":              ".txt",
	} {
		if got := document.CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
	long := bytes.Repeat([]byte("长"), 300)
	if got := []rune(document.CleanName(string(long) + ".pdf")); len(got) != 200 || string(got[len(got)-4:]) != ".pdf" {
		t.Errorf("a long name keeps 200 characters and its extension: %d", len(got))
	}
}

// TestNameFits: a file's name and its content agree, or the upload is
// refused (outside review, finding 7: a script-bearing SVG named x.png was
// kept as text under an image's name).
func TestNameFits(t *testing.T) {
	for _, c := range []struct {
		name, media string
		ok          bool
	}{
		{"报告.pdf", "application/pdf", true},
		{"照片.JPG", "image/jpeg", true},
		{"说明.txt", "text/plain; charset=utf-8", true},
		{"数据.csv", "text/plain; charset=utf-8", true},
		{"方案.docx", "application/zip", true},
		{"方案.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true},
		{"旧方案.doc", "application/x-ole-storage", true},
		{"无扩展名", "application/pdf", true},
		{"x.png", "text/plain; charset=utf-8", false},
		{"x.svg", "text/plain; charset=utf-8", false},
		{"page.html", "text/plain; charset=utf-8", false},
		{"报告.pdf.exe", "application/pdf", false},
		{"图.png", "image/jpeg", false},
		{"a.zip", "application/pdf", false},
	} {
		if got := document.NameFits(c.name, c.media); got != c.ok {
			t.Errorf("%s as %s: %v, want %v", c.name, c.media, got, c.ok)
		}
	}
}
