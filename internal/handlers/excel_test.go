package handlers_test

import (
	"regexp"

	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/handlers"

	"github.com/xuri/excelize/v2"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/excel/exceltest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func openWorkbook(t *testing.T, r *at.Response) (*excelize.File, [][]string) {
	t.Helper()
	at.Expect(t, r, 200)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("content type %s", ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("the export is not a workbook: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return f, rows
}

// TestExport opens the produced files with excelize and compares the cells
// with the database.
func TestExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		var ids []string
		for i := 0; i < 3; i++ {
			ids = append(ids, w.Approved(w.Institute, fmt.Sprintf("导出测试项目%d", i)))
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+ids[0]+"/funding", map[string]any{"source": "national", "amount": 1_234_567, "status": "committed"}), 201)
		w.Proposal(w.InstituteOther, "导出测试提案")
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/portfolio/export?what=projects"), 403)
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=people"), 400)
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/export"), 400)

		f, rows := openWorkbook(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=projects"))
		sheet := f.GetSheetList()[0]
		if rows[0][0] != "项目编号" || rows[0][1] != "项目名称" || rows[0][9] != "预算(元)" {
			t.Fatalf("header = %v", rows[0])
		}
		var n int64
		db.Gorm().Table("projects").Count(&n)
		if int64(len(rows)-1) != n {
			t.Fatalf("%d data rows for %d projects", len(rows)-1, n)
		}
		// The first project, cell by cell against the database.
		var p struct {
			Code, Title string
			Budget      int64
			CreatedAt   time.Time
		}
		db.Gorm().Table("projects").Where("id = ?", ids[0]).Select("code, title, budget, created_at").Scan(&p)
		found := 0
		for r := 2; r <= len(rows); r++ {
			code, _ := f.GetCellValue(sheet, fmt.Sprintf("A%d", r))
			if code != p.Code {
				continue
			}
			found++
			title, _ := f.GetCellValue(sheet, fmt.Sprintf("B%d", r))
			lead, _ := f.GetCellValue(sheet, fmt.Sprintf("E%d", r))
			budget, _ := f.GetCellValue(sheet, fmt.Sprintf("J%d", r), excelize.Options{RawCellValue: true})
			funding, _ := f.GetCellValue(sheet, fmt.Sprintf("K%d", r), excelize.Options{RawCellValue: true})
			budgetType, _ := f.GetCellType(sheet, fmt.Sprintf("J%d", r))
			created, _ := f.GetCellValue(sheet, fmt.Sprintf("L%d", r))
			if title != p.Title || !strings.Contains(lead, "研究院甲") || budget != fmt.Sprint(p.Budget) || funding != "1234567" {
				t.Fatalf("row %d: %q %q %q %q", r, title, lead, budget, funding)
			}
			if budgetType == excelize.CellTypeSharedString || budgetType == excelize.CellTypeInlineString {
				t.Fatal("money is written as text, not as a number")
			}
			if want := p.CreatedAt.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04"); created != want {
				t.Fatalf("created date cell %q, want %q", created, want)
			}
		}
		if found != 1 {
			t.Fatalf("project %s found %d times", p.Code, found)
		}
		// Filters apply.
		_, rows = openWorkbook(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=projects&stage=research&year=2020"))
		if len(rows) != 1 {
			t.Fatalf("a year with no projects exported %d rows", len(rows)-1)
		}

		// Challenges and consortia.
		w.Published(w.Enterprise, "导出测试揭榜", 48*time.Hour)
		w.Draft(w.Enterprise, "导出不含草稿")
		_, rows = openWorkbook(t, env.Get(w.Admin.Token, "/api/v1/portfolio/export?what=challenges"))
		if rows[0][0] != "榜单名称" || len(rows) != 2 || rows[1][0] != "导出测试揭榜" || rows[1][4] != "揭榜中" {
			t.Fatalf("challenges export = %v", rows)
		}
		noKeysNorIDs(t, "challenges", rows)
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody("equity_linked")), 201)
		_, rows = openWorkbook(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=consortia"))
		if len(rows) != 2 || rows[1][1] != "股权纽带" || rows[1][4] != "组建中" || rows[1][5] != "1" {
			t.Fatalf("consortia export = %v", rows)
		}
		noKeysNorIDs(t, "consortia", rows)
		_, rows = openWorkbook(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=projects"))
		noKeysNorIDs(t, "projects", rows)
		if rows[1][6] != "科技攻关" && rows[1][6] != "申报" {
			t.Fatalf("projects export stage = %q", rows[1][6])
		}
	})
}

var internalID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// noKeysNorIDs: an export says everything in Chinese words, never an
// internal id or an English key of a stage, status, origin, model or source.
func noKeysNorIDs(t *testing.T, what string, rows [][]string) {
	t.Helper()
	keys := map[string]bool{}
	for _, set := range []string{"challenge.status", "project.stage", "project.origin", "consortium.model", "consortium.status",
		"funding.source", "funding.status", "bid.status"} {
		for _, k := range handlers.EnumValues(set) {
			keys[k] = true
		}
	}
	for i, r := range rows {
		for j, cell := range r {
			if keys[cell] || internalID.MatchString(cell) {
				t.Errorf("%s export row %d column %d: %q is a key or an internal id", what, i+1, j+1, cell)
			}
		}
	}
}

// workbook builds an .xlsx with a header and rows.
func workbook(t *testing.T, header []string, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]string{header}, rows...)
	for i, r := range all {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func upload(env *at.Env, token, path string, file []byte) *at.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "upload.xlsx")
	_, _ = fw.Write(file)
	_ = mw.Close()
	return env.Do(at.Request{Method: http.MethodPost, Path: path, Token: token, Body: body.Bytes(),
		Headers: map[string]string{"Content-Type": mw.FormDataContentType(), "Accept-Language": "zh-CN"}})
}

var (
	orgHeader     = []string{"单位名称", "单位类型", "企业层级", "统一社会信用代码", "国家/地区", "所在区县"}
	projectHeader = []string{"项目名称", "项目简介", "项目类别", "技术领域", "牵头单位", "预算(元)", "技术成熟度(TRL)", "阶段"}
)

func TestImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		count := func(table string) int64 {
			var n int64
			db.Gorm().Table(table).Count(&n)
			return n
		}

		// Organizations: a good file imports exactly, verified.
		var orgRows [][]string
		for i := 0; i < 5; i++ {
			orgRows = append(orgRows, []string{fmt.Sprintf("导入企业%d", i), "企业", "科技型中小企业",
				org.WithCheckChar(fmt.Sprintf("91330200MA9%06d", i)), "", "北仑"})
		}
		orgRows = append(orgRows, []string{"Foreign Lab", "research_institute", "", "", "DE", ""})
		at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/organizations", workbook(t, orgHeader, orgRows)), 403)
		before := count("organizations")
		var res struct {
			Rows, Imported int
			DryRun         bool `json:"dry_run"`
		}
		at.Expect(t, upload(env, w.Admin.Token, "/api/v1/imports/organizations", workbook(t, orgHeader, orgRows)), 200).JSON(t, &res)
		if res.Rows != 6 || res.Imported != 6 || count("organizations") != before+6 {
			t.Fatalf("organization import = %+v", res)
		}
		var verified int64
		db.Gorm().Table("organizations").Where("name LIKE ? AND status = 'verified' AND district = 'beilun'", "导入企业%").Count(&verified)
		if verified != 5 {
			t.Fatalf("%d imported organizations verified in beilun", verified)
		}
		// The same file again: every row is a duplicate now.
		r := at.Expect(t, upload(env, w.Admin.Token, "/api/v1/imports/organizations", workbook(t, orgHeader, orgRows[:5])), 422)
		if n := len(r.Map(t)["errors"].([]any)); n != 5 {
			t.Fatalf("duplicates: %d errors, want 5", n)
		}

		// Projects: 100 rows, 3 bad → 422 naming exactly those rows, nothing imported.
		lead := org.WithCheckChar("91330200MA9000000")
		var rows [][]string
		for i := 0; i < 100; i++ {
			rows = append(rows, []string{fmt.Sprintf("导入项目%03d", i), "简介", "关键技术突破", "芯片", lead, "1,000,000", "4", "科技攻关"})
		}
		rows[4][6] = "12"                       // spreadsheet row 6: TRL out of range
		rows[39][4] = "不存在的单位"                  // row 41: no such lead
		rows[89][2], rows[89][5] = "宇宙探索", "-5" // row 91: bad category and budget
		projectsBefore := count("projects")
		r = at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/projects", workbook(t, projectHeader, rows)), 422)
		var problem struct {
			Detail string
			Errors []struct {
				Field, Code, Message string
				Params               map[string]any
			}
		}
		r.JSON(t, &problem)
		badRows := map[string]bool{}
		for _, e := range problem.Errors {
			badRows[strings.SplitN(e.Field, ".", 2)[0]] = true
		}
		if len(badRows) != 3 || !badRows["rows[6]"] || !badRows["rows[41]"] || !badRows["rows[91]"] || len(problem.Errors) != 4 {
			t.Fatalf("errors = %+v", problem.Errors)
		}
		// Said in the caller's language (the web app asks for Chinese), and coded
		// so that a client can say it in its own: the row's code nests the cell's.
		if e := problem.Errors[0]; e.Message != "第 6 行「技术成熟度(TRL)」：须在 1 至 9 之间" || e.Code != "import.row" ||
			e.Params["row"] != float64(6) || e.Params["problem"].(map[string]any)["code"] != "out_of_range" {
			t.Fatalf("the problem does not name the row, the column and what is wrong: %+v", e)
		}
		if problem.Detail != "100 行中有 3 行有问题，未导入任何数据" {
			t.Fatalf("detail = %q", problem.Detail)
		}
		if count("projects") != projectsBefore {
			t.Fatal("a refused import left projects behind")
		}
		// Fixed, a dry run checks and changes nothing; then it imports all 100 in one go.
		rows[4][6], rows[39][4], rows[89][2], rows[89][5] = "4", lead, "战略协同创新", "0"
		rows[0][7] = "申报"
		at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/projects?dry_run=true", workbook(t, projectHeader, rows)), 200).JSON(t, &res)
		if !res.DryRun || res.Rows != 100 || res.Imported != 0 || count("projects") != projectsBefore {
			t.Fatalf("dry run = %+v", res)
		}
		at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/projects", workbook(t, projectHeader, rows)), 200).JSON(t, &res)
		if res.Imported != 100 || count("projects") != projectsBefore+100 {
			t.Fatalf("project import = %+v", res)
		}
		var coded int64
		db.Gorm().Table("projects").Where("title LIKE ? AND code IS NOT NULL", "导入项目%").Count(&coded)
		if coded != 99 {
			t.Fatalf("%d imported projects have a code, want 99 (one is a proposal)", coded)
		}
		if env.AuditCount("project.import") != 100 || env.AuditCount("organization.import") != 6 {
			t.Fatal("imports are not audited row by row")
		}

		// Not a workbook, no file, a wrong header, too large.
		r = at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/projects", []byte("名称,类别\n项目,关键技术突破\n")), 400)
		if !strings.Contains(string(r.Body), "xlsx") {
			t.Fatalf("not-a-workbook message: %s", r.Body)
		}
		at.Expect(t, env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/imports/projects", Token: w.PM.Token, Body: "{}"}), 400)
		at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/projects", workbook(t, []string{"名称"}, [][]string{{"x"}})), 422)
		at.Expect(t, upload(env, w.PM.Token, "/api/v1/imports/projects", bytes.Repeat([]byte("x"), 11<<20)), 413)

		// Templates download as workbooks with the header row.
		f, trows := openWorkbook(t, env.Get(w.Institute.Token, "/api/v1/imports/projects/template"))
		_ = f
		if strings.Join(trows[0], ",") != strings.Join(projectHeader, ",") || len(trows) != 2 {
			t.Fatalf("template = %v", trows)
		}
		_ = domain.RoleAdmin
	})
}

// TestExportNeutralisesFormulas: a title that starts like a formula is
// exported as text a spreadsheet will not run.
func TestExportNeutralisesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		title := "=HYPERLINK(\"http://evil.example\",\"点击\")"
		body := at.ProposalBody(title)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects", body), 201)
		_, rows := openWorkbook(t, at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=projects"), 200))
		found := false
		for _, r := range rows[1:] {
			for _, cell := range r {
				if strings.Contains(cell, "HYPERLINK") {
					found = true
					if cell != "'"+title {
						t.Errorf("exported cell %q, want %q", cell, "'"+title)
					}
				}
			}
		}
		if !found {
			t.Fatal("the project is not in the export")
		}
	})
}

// TestHostileWorkbookIsRefused: a workbook of a few hundred kilobytes that
// unzips to a 64 MiB shared string is a 422 naming the limit (the dry run
// too), and nothing is imported.
func TestHostileWorkbookIsRefused(t *testing.T) {
	bomb := exceltest.Workbook(exceltest.OneCellRow(1, "A")+exceltest.OneCellRow(2, "A"), exceltest.SharedString(64<<20))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		for _, path := range []string{"/api/v1/imports/organizations?dry_run=true", "/api/v1/imports/organizations"} {
			r := at.Expect(t, upload(env, admin.Token, path, bomb), 422)
			if !strings.Contains(string(r.Body), "解压后超过") || !strings.Contains(string(r.Body), `"code":"workbook.part_size"`) {
				t.Errorf("POST %s: the refusal does not name the limit: %s", path, r.Body)
			}
		}
	})
}
