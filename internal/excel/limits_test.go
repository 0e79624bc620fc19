package excel_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/excel"
	"github.com/kcyj2035/portfolio/internal/excel/exceltest"
)

// TestHostileWorkbooksAreRefused: each bound on what a workbook may expand
// to is checked before it is parsed, and the refusal names the bound.
func TestHostileWorkbooksAreRefused(t *testing.T) {
	small := excel.Limits{MaxParts: 20, MaxPart: 1 << 20, MaxUnzipped: 3 << 20, MaxCellChars: 1000, MaxCols: 10}
	many := make([]exceltest.Part, 20)
	for i := range many {
		many[i] = exceltest.Part{Name: fmt.Sprintf("xl/extra%d.xml", i), Body: strings.NewReader("<x/>")}
	}
	var rows strings.Builder
	for i := 1; i <= 30; i++ {
		rows.WriteString(exceltest.OneCellRow(i, "A"))
	}
	for _, tc := range []struct {
		name, want string
		file       []byte
	}{
		{"a shared string over the part size", "unzips to more than 1 MiB",
			exceltest.Workbook(exceltest.OneCellRow(1, "A"), exceltest.SharedString(2<<20))},
		{"a shared string over the cell limit", "more than 1,000 characters",
			exceltest.Workbook(exceltest.OneCellRow(1, "A"), exceltest.SharedString(1001))},
		{"all parts together too big", "unzips to more than 3 MiB",
			exceltest.Workbook(exceltest.OneCellRow(1, "A"), exceltest.SharedString(900<<10),
				exceltest.Part{Name: "xl/media/a.bin", Body: io.LimitReader(strings.NewReader(strings.Repeat("x", 1<<20)), 1000<<10)},
				exceltest.Part{Name: "xl/media/b.bin", Body: strings.NewReader(strings.Repeat("y", 1000<<10))},
				exceltest.Part{Name: "xl/media/c.bin", Body: strings.NewReader(strings.Repeat("z", 1000<<10))})},
		{"too many parts", "more than 20 parts", exceltest.Workbook(exceltest.OneCellRow(1, "A"), exceltest.SharedString(3), many...)},
		{"a cell in the last column", "more than 10 columns", exceltest.Workbook(exceltest.OneCellRow(1, "XFD"), exceltest.SharedString(3))},
		{"too many rows", "more than 25 rows", exceltest.Workbook(rows.String(), exceltest.SharedString(3))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := excel.ReadRows(bytes.NewReader(tc.file), int64(len(tc.file)), 25, small)
			var le *excel.LimitError
			if !errors.As(err, &le) || !strings.Contains(le.Problem.Message, tc.want) {
				t.Fatalf("err = %v, want a limit error saying %q", err, tc.want)
			}
		})
	}
	// Within every bound the same kind of file reads.
	ok := exceltest.Workbook(exceltest.OneCellRow(1, "B"), exceltest.SharedString(1000))
	got, err := excel.ReadRows(bytes.NewReader(ok), int64(len(ok)), 25, small)
	if err != nil || len(got) != 1 || len(got[0]) != 2 || len(got[0][1]) != 1000 {
		t.Fatalf("a workbook within the limits: %v, %d rows", err, len(got))
	}
}
