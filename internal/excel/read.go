package excel

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ErrNotWorkbook: the upload is not an .xlsx workbook.
var ErrNotWorkbook = errors.New("the file is not an Excel workbook (.xlsx)")

// LimitError says which bound a workbook exceeds; the message names it.
type LimitError struct{ Message string }

func (e *LimitError) Error() string { return e.Message }

// Limits bound what an uploaded workbook may expand to. A few kilobytes of
// .xlsx can unzip to gigabytes (one shared string of 256 MiB compresses to
// 260 KB), so every bound is checked before excelize parses anything: the
// sizes the zip declares (Go's zip reader refuses an entry that inflates past
// its declared size), the length of each shared string, and while reading,
// the rows, the columns and each cell.
type Limits struct {
	MaxParts     int   // files inside the zip
	MaxPart      int64 // bytes of any one part, unzipped
	MaxUnzipped  int64 // bytes of all parts together, unzipped
	MaxCellChars int   // characters in one cell (Excel's own limit is 32,767)
	MaxCols      int   // columns in one row
}

// ImportLimits are generous for the import templates (at most eight columns,
// 10,000 rows), and keep the server's memory for one import under 200 MB.
var ImportLimits = Limits{MaxParts: 200, MaxPart: 24 << 20, MaxUnzipped: 48 << 20, MaxCellChars: 32767, MaxCols: 100}

// ReadRows reads the first sheet's rows (as text), at most maxRows of them
// after the header. A file that is not a workbook is ErrNotWorkbook; one that
// exceeds a limit is a *LimitError naming it.
func ReadRows(r io.ReaderAt, size int64, maxRows int, lim Limits) ([][]string, error) {
	if err := inspect(r, size, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size),
		excelize.Options{UnzipSizeLimit: lim.MaxUnzipped, UnzipXMLSizeLimit: lim.MaxPart})
	if err != nil {
		return nil, ErrNotWorkbook
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrNotWorkbook
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, ErrNotWorkbook
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return nil, ErrNotWorkbook
		}
		if len(cols) > lim.MaxCols {
			return nil, &LimitError{fmt.Sprintf("row %d has more than %d columns: use the template's columns only", len(out)+1, lim.MaxCols)}
		}
		for j, c := range cols {
			if utf8.RuneCountInString(c) > lim.MaxCellChars {
				cell, _ := excelize.CoordinatesToCellName(j+1, len(out)+1)
				return nil, &LimitError{fmt.Sprintf("cell %s holds more than %d characters", cell, lim.MaxCellChars)}
			}
		}
		out = append(out, cols)
		if len(out) > maxRows+1 {
			return nil, &LimitError{fmt.Sprintf("the sheet has more than %d rows: split it into several files", maxRows)}
		}
	}
	return out, rows.Error()
}

// inspect checks the zip's declared sizes and the shared strings against the
// limits without inflating more than one bounded part at a time.
func inspect(r io.ReaderAt, size int64, lim Limits) error {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return ErrNotWorkbook
	}
	if len(z.File) > lim.MaxParts {
		return &LimitError{fmt.Sprintf("the workbook holds more than %d parts", lim.MaxParts)}
	}
	var total uint64
	var shared *zip.File
	for _, zf := range z.File {
		if zf.UncompressedSize64 > uint64(lim.MaxPart) {
			return &LimitError{fmt.Sprintf("the workbook's part %s unzips to more than %d MiB", zf.Name, lim.MaxPart>>20)}
		}
		total += zf.UncompressedSize64
		if strings.EqualFold(zf.Name, "xl/sharedStrings.xml") {
			shared = zf
		}
	}
	if total > uint64(lim.MaxUnzipped) {
		return &LimitError{fmt.Sprintf("the workbook unzips to more than %d MiB", lim.MaxUnzipped>>20)}
	}
	if shared == nil {
		return nil
	}
	rc, err := shared.Open()
	if err != nil {
		return ErrNotWorkbook
	}
	defer rc.Close()
	return checkSharedStrings(rc, lim.MaxCellChars)
}

// checkSharedStrings streams the shared-string table and refuses a string
// longer than max characters.
func checkSharedStrings(r io.Reader, max int) error {
	dec := xml.NewDecoder(r)
	n, index := 0, -1
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return ErrNotWorkbook
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" {
				n, index = 0, index+1
			}
		case xml.CharData:
			if n += utf8.RuneCount(t); n > max {
				return &LimitError{fmt.Sprintf("text number %d of the workbook holds more than %d characters", index+1, max)}
			}
		}
	}
}
