package handlers_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// problemCodes is "field:code" for every field error of a 422, sorted.
func problemCodes(t *testing.T, r *at.Response) []string {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Code string }
	}
	at.Expect(t, r, 422).JSON(t, &p)
	out := make([]string, len(p.Errors))
	for i, e := range p.Errors {
		out[i] = e.Field + ":" + e.Code
	}
	sort.Strings(out)
	return out
}

// TestControlCharacters (outside review, finding 2): single-line fields refuse
// every control and text-direction override character, multi-line fields
// allow LF and tab only and store CR LF as LF; every bad field is named at
// once, beside the other rules' problems; nothing is written.
func TestControlCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		for name, bad := range map[string]string{"CR": "\r", "LF": "\n", "tab": "\t", "ESC": "\x1b", "BEL": "\a", "RLO": "\u202E", "RLI": "\u2067"} {
			body := at.ChallengeBody("海缆绝缘" + bad + "材料攻关")
			r := env.Post(w.Enterprise.Token, "/api/v1/challenges", body)
			if got := fmt.Sprint(problemCodes(t, r)); got != "[title:single_line]" {
				t.Errorf("a title with %s: %s", name, got)
			}
		}
		// Nested single-line fields and several problems at once, the tags' too.
		body := at.ChallengeBody("海缆绝缘材料攻关")
		body["problem"] = "背景\x1b[2J"
		body["indicators"] = []map[string]string{{"name": "击穿\r场强", "target": "≥ 45", "unit": "kV/mm"}}
		got := problemCodes(t, env.Post(w.Enterprise.Token, "/api/v1/challenges", body))
		if fmt.Sprint(got) != "[indicators[0].name:single_line problem:multi_line]" {
			t.Errorf("several bad fields: %v", got)
		}
		bid := at.BidBody()
		bid["summary"] = "摘要\u202E"
		bid["milestones"] = []map[string]any{{"title": "配方\n定型", "month": 8, "deliverable": "配方报告"}}
		chID := w.Published(w.Enterprise, "控制字符揭榜", 72*time.Hour)
		if got := fmt.Sprint(problemCodes(t, env.Post(w.Institute.Token, "/api/v1/challenges/"+chID+"/bids", bid))); got != "[milestones[0].title:single_line summary:multi_line]" {
			t.Errorf("a bid with a bad summary and milestone: %v", got)
		}
		// Multi-line text keeps LF and tab; CR LF and a lone CR arrive as LF.
		body = at.ChallengeBody("多行文本保存测试")
		body["problem"] = "第一行\r\n第二行\r第三行\n\t缩进"
		id := at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges", body), 201).ID(t)
		var c struct{ Problem string }
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/challenges/"+id), 200).JSON(t, &c)
		if c.Problem != "第一行\n第二行\n第三行\n\t缩进" {
			t.Errorf("stored problem %q", c.Problem)
		}
		// A user's name and a reason alike.
		r := env.Do(at.Request{Method: "PATCH", Path: "/api/v1/users/" + w.Institute.ID, Token: w.Admin.Token,
			Body: map[string]any{"name": "陈\r\nBcc: x@y.cn"}})
		if got := fmt.Sprint(problemCodes(t, r)); got != "[name:single_line]" {
			t.Errorf("a user's name with CR LF: %s", got)
		}
		draft := w.Submitted(w.Enterprise, "退回理由测试")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+draft+"/return", map[string]any{"reason": "请补充\r\n指标"}), 200)
		r = env.Post(w.PM.Token, "/api/v1/challenges/"+draft+"/reject", map[string]any{"reason": "不予\x07立项"})
		if got := fmt.Sprint(problemCodes(t, r)); got != "[reason:multi_line]" {
			t.Errorf("a reason with BEL: %s", got)
		}

		// An uploaded file's name loses them (the name is the client's, not refused).
		var doc struct{ Name string }
		at.Expect(t, env.Upload(w.Enterprise.Token, "/api/v1/challenges/"+id+"/documents", "说明\u202Egnp.pdf", "specification", at.PDF), 201).JSON(t, &doc)
		if doc.Name != "说明gnp.pdf" {
			t.Errorf("stored file name %q", doc.Name)
		}
		// A workbook: a line break in a name is a bad cell (named once), in a
		// summary it is kept; an escaped ESC (_x001B_) is refused.
		var lead struct{ Name string }
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/organizations/"+w.Institute.OrgID), 200).JSON(t, &lead)
		rows := [][]string{
			{"导入项目\n换行", "简介", "关键技术突破", "芯片", lead.Name, "1000000", "4", "科技攻关"},
			{"导入项目二", "第一行\r\n第二行", "关键技术突破", "芯片", lead.Name, "1000000", "4", "科技攻关"},
			{"导入项目三", "简介_x001B_", "关键技术突破", "芯片", lead.Name, "1000000", "4", "科技攻关"},
		}
		r = upload(env, w.PM.Token, "/api/v1/imports/projects?dry_run=true", workbook(t, projectHeader, rows))
		var p struct {
			Errors []struct {
				Field  string
				Params struct{ Problem struct{ Code string } }
			}
		}
		at.Expect(t, r, 422).JSON(t, &p)
		var cells []string
		for _, e := range p.Errors {
			cells = append(cells, e.Field+":"+e.Params.Problem.Code)
		}
		if fmt.Sprint(cells) != "[rows[2].title:single_line rows[4].summary:multi_line]" {
			t.Errorf("import problems %v", cells)
		}
	})
}
