// Package excel writes and reads .xlsx workbooks with excelize: a streaming
// writer, so that an export of 100,000 rows never holds them all in memory,
// and a reader for imports that refuses files that are not workbooks.
package excel

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Writer streams one sheet: a header row, then one row per call.
type Writer struct {
	f        *excelize.File
	sw       *excelize.StreamWriter
	row      int
	dateID   int
	moneyID  int
	headerID int
}

// NewWriter starts a workbook with one sheet and its header row; widths are
// the column widths (characters), one per header.
func NewWriter(sheet string, header []string, widths []float64) (*Writer, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	w := &Writer{f: f}
	var err error
	dateFmt := "yyyy-mm-dd hh:mm"
	if w.dateID, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, err
	}
	if w.moneyID, err = f.NewStyle(&excelize.Style{NumFmt: 3}); err != nil { // #,##0
		return nil, err
	}
	if w.headerID, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}); err != nil {
		return nil, err
	}
	if err := w.start(sheet, header, widths); err != nil {
		return nil, err
	}
	return w, nil
}

// start streams a new sheet from its header row.
func (w *Writer) start(sheet string, header []string, widths []float64) error {
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	w.sw, w.row = sw, 1
	// Keep the header in view (panes must be set before any row).
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, width := range widths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: w.headerID, Value: h}
	}
	return sw.SetRow("A1", cells, excelize.RowOpts{Height: 20})
}

// NewSheet ends the sheet being written and starts another, with its header
// row; the rows that follow go to it.
func (w *Writer) NewSheet(sheet string, header []string, widths []float64) error {
	if err := w.sw.Flush(); err != nil {
		return err
	}
	if _, err := w.f.NewSheet(sheet); err != nil {
		return err
	}
	return w.start(sheet, header, widths)
}

// Money marks an amount of yuan: written as a number with thousands separators.
type Money int64

// Row writes one row. Strings are text (neutralised, see Text), numbers
// numbers, Money numbers with a money format, time.Time dates (China time),
// nil empty.
func (w *Writer) Row(values ...any) error {
	w.row++
	cells := make([]any, len(values))
	for i, v := range values {
		switch x := v.(type) {
		case string:
			cells[i] = Text(x)
		case Money:
			cells[i] = excelize.Cell{StyleID: w.moneyID, Value: int64(x)}
		case time.Time:
			cells[i] = excelize.Cell{StyleID: w.dateID, Value: x.In(chinaTime)}
		case *time.Time:
			if x != nil {
				cells[i] = excelize.Cell{StyleID: w.dateID, Value: x.In(chinaTime)}
			}
		default:
			cells[i] = v
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.sw.SetRow(cell, cells)
}

var chinaTime = time.FixedZone("CST", 8*3600)

// Text neutralises a text cell against formula injection (OWASP "CSV
// injection"): text that a spreadsheet could take for a formula — starting
// with =, +, -, @, a tab or a carriage return — gets a leading apostrophe, so
// whoever opens or re-saves the export sees the text and never runs it.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Finish completes the workbook and writes it to out.
func (w *Writer) Finish(out io.Writer) error {
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return err
	}
	_, err := w.f.WriteTo(out)
	return err
}

// Abort discards the workbook (and its temporary files).
func (w *Writer) Abort() { _ = w.f.Close() }
