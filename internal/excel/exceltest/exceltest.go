// Package exceltest builds .xlsx files by hand, hostile ones included, for
// tests of what the importer refuses.
package exceltest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
)

// Part is one file of the package; Body streams its content.
type Part struct {
	Name string
	Body io.Reader
}

// Workbook packs a workbook whose first sheet's <sheetData> is sheetData and
// whose shared-string table holds the texts of shared (streamed, so a huge
// string is never in memory here), plus any extra parts.
func Workbook(sheetData string, shared io.Reader, extra ...Part) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	add := func(name string, r io.Reader) {
		w, err := z.Create(name)
		if err == nil {
			_, err = io.Copy(w, r)
		}
		if err != nil {
			panic(err)
		}
	}
	add("[Content_Types].xml", strings.NewReader(contentTypes))
	add("_rels/.rels", strings.NewReader(rootRels))
	add("xl/workbook.xml", strings.NewReader(workbook))
	add("xl/_rels/workbook.xml.rels", strings.NewReader(workbookRels))
	add("xl/worksheets/sheet1.xml", strings.NewReader(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+sheetData+`</sheetData></worksheet>`))
	if shared == nil {
		shared = strings.NewReader("")
	}
	add("xl/sharedStrings.xml", io.MultiReader(
		strings.NewReader(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`),
		shared, strings.NewReader(`</sst>`)))
	for _, p := range extra {
		add(p.Name, p.Body)
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// SharedString is one shared string of n copies of the letter A, streamed.
func SharedString(n int64) io.Reader {
	return io.MultiReader(strings.NewReader("<si><t>"), io.LimitReader(repeat('A'), n), strings.NewReader("</t></si>"))
}

// OneCellRow is a row whose one cell is shared string 0, in column col (A…XFD).
func OneCellRow(row int, col string) string {
	return fmt.Sprintf(`<row r="%d"><c r="%s%d" t="s"><v>0</v></c></row>`, row, col, row)
}

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}
