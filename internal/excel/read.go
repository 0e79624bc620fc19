package excel

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/xuri/excelize/v2"
)

// ErrNotWorkbook: the upload is not an .xlsx workbook.
var ErrNotWorkbook = errors.New("the file is not an Excel workbook (.xlsx)")

// LimitError says which bound a workbook exceeds, as a problem of the
// uploaded file (its code and params).
type LimitError struct{ Problem domain.FieldError }

func limit(code domain.Code, kv ...any) *LimitError {
	return &LimitError{Problem: domain.Problem("file", code, kv...)}
}

func (e *LimitError) Error() string { return e.Problem.Message }

// The bounds a workbook can exceed, each in both languages.
var (
	codeColumns    = domain.NewCode("workbook.columns", "row {row} has more than {max} columns: use the template's columns only", "第 {row} 行超过 {max} 列：请只使用模板中的列")
	codeCell       = domain.NewCode("workbook.cell", "cell {cell} holds more than {max} characters", "单元格 {cell} 超过 {max} 个字符")
	codeRows       = domain.NewCode("workbook.rows", "the sheet has more than {max} rows: split it into several files", "工作表超过 {max} 行：请拆分为多个文件")
	codeParts      = domain.NewCode("workbook.parts", "the workbook holds more than {max} parts", "工作簿包含的部件超过 {max} 个")
	codePartSize   = domain.NewCode("workbook.part_size", "the workbook's part {part} unzips to more than {max} MiB", "工作簿部件 {part} 解压后超过 {max} MiB")
	codeUnzipped   = domain.NewCode("workbook.unzipped", "the workbook unzips to more than {max} MiB", "工作簿解压后超过 {max} MiB")
	codeSharedText = domain.NewCode("workbook.shared_text", "text number {index} of the workbook holds more than {max} characters", "工作簿第 {index} 段文字超过 {max} 个字符")
)

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
			return nil, limit(codeColumns, "row", len(out)+1, "max", lim.MaxCols)
		}
		for j, c := range cols {
			if utf8.RuneCountInString(c) > lim.MaxCellChars {
				cell, _ := excelize.CoordinatesToCellName(j+1, len(out)+1)
				return nil, limit(codeCell, "cell", cell, "max", lim.MaxCellChars)
			}
		}
		out = append(out, cols)
		if len(out) > maxRows+1 {
			return nil, limit(codeRows, "max", maxRows)
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
		return limit(codeParts, "max", lim.MaxParts)
	}
	var total uint64
	var shared *zip.File
	for _, zf := range z.File {
		if zf.UncompressedSize64 > uint64(lim.MaxPart) {
			return limit(codePartSize, "part", zf.Name, "max", lim.MaxPart>>20)
		}
		total += zf.UncompressedSize64
		if strings.EqualFold(zf.Name, "xl/sharedStrings.xml") {
			shared = zf
		}
	}
	if total > uint64(lim.MaxUnzipped) {
		return limit(codeUnzipped, "max", lim.MaxUnzipped>>20)
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
				return limit(codeSharedText, "index", index+1, "max", max)
			}
		}
	}
}
