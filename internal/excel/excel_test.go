package excel_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kcyj2035/portfolio/internal/excel"
)

func TestWriteAndReadBack(t *testing.T) {
	w, err := excel.NewWriter("项目", []string{"名称", "金额", "日期", "空"}, []float64{20, 12, 18, 5})
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 11, 21, 1, 30, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if err := w.Row("海缆项目", excel.Money(12_345_678), when, nil); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := w.Finish(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := f.GetCellValue("项目", "B2", excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue("项目", "B2")
	date, _ := f.GetCellValue("项目", "C2")
	if raw != "12345678" || shown != "12,345,678" || date != "2026-11-21 09:30" {
		t.Fatalf("cells: raw %q shown %q date %q", raw, shown, date)
	}
	rows, err := readRows(mustWrite(t), 10)
	if err != nil || len(rows) != 2 || rows[1][0] != "甲" {
		t.Fatalf("read back %v %v", rows, err)
	}
	if _, err := readRows([]byte("not a workbook"), 10); err != excel.ErrNotWorkbook {
		t.Fatalf("a text file: %v", err)
	}
	if _, err := readRows(mustWrite(t), 0); err == nil {
		t.Fatal("the row limit is not enforced")
	}
}

func mustWrite(t *testing.T) []byte {
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"名称"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"甲"})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestTextIsNeutralised: text a spreadsheet could run as a formula gets a
// leading apostrophe; other text is untouched.
func TestTextIsNeutralised(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+1+2": "'+1+2", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\t=1": "'\t=1", "\r=1": "'\r=1", "海缆绝缘料": "海缆绝缘料", "a=b": "a=b", "": "",
	} {
		if got := excel.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func readRows(b []byte, maxRows int) ([][]string, error) {
	return excel.ReadRows(bytes.NewReader(b), int64(len(b)), maxRows, excel.ImportLimits)
}

// TestSheets: a workbook of several streamed sheets keeps each sheet's rows.
func TestSheets(t *testing.T) {
	w, err := excel.NewWriter("明细", []string{"企业", "金额"}, []float64{20, 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][]any{{"甲", excel.Money(1)}, {"乙", excel.Money(2)}} {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.NewSheet("汇总", []string{"区县", "合计"}, []float64{10, 12}); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("海曙", excel.Money(3)); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.Finish(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := f.GetRows("明细")
	second, _ := f.GetRows("汇总")
	if len(first) != 3 || first[2][0] != "乙" || len(second) != 2 || second[1][1] != "3" {
		t.Fatalf("sheets %v and %v", first, second)
	}
}
