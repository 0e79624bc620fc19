package handlers_test

import (
	"net/http"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type saidProblem struct {
	Title, Detail string
	Errors        []struct {
		Field, Code, Message string
		Params               map[string]any
	}
}

// TestProblemsInTheCallersLanguage: Accept-Language picks the language of a
// problem's title, detail and field messages; every field problem carries a
// stable code and params whatever the language; without the header the API
// answers in English as it always has.
func TestProblemsInTheCallersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		id := w.Submitted(w.Enterprise, "语言测试榜单")
		bad := w.Approval(time.Hour)
		bad["funding_cap"] = 60_000_000
		approve := func(lang string) saidProblem {
			t.Helper()
			h := map[string]string{}
			if lang != "" {
				h["Accept-Language"] = lang
			}
			r := w.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/challenges/" + id + "/approve", Token: w.PM.Token, Body: bad, Headers: h})
			var p saidProblem
			at.Expect(t, r, 422).JSON(t, &p)
			if len(p.Errors) != 1 || p.Errors[0].Field != "funding_cap" || p.Errors[0].Code != "challenge.funding_cap" ||
				p.Errors[0].Params["max"] != float64(50_000_000) {
				t.Fatalf("Accept-Language %q: errors = %+v", lang, p.Errors)
			}
			return p
		}
		zh := approve("zh-CN,zh;q=0.9,en;q=0.8")
		if zh.Title != "填写的内容有误" || zh.Detail != "填写的内容有误" ||
			zh.Errors[0].Message != "须在 0 至 50,000,000 元之间（单个项目市级财政资助最高 5000 万元）" {
			t.Errorf("Chinese: %+v", zh)
		}
		for _, lang := range []string{"", "en", "en-GB", "fr", "*", "not a header ;;; q=x"} {
			en := approve(lang)
			if en.Title != "Unprocessable Entity" || en.Errors[0].Message != "must be from 0 to 50,000,000 yuan (the municipal subsidy of one project is at most 50 million yuan)" {
				t.Errorf("Accept-Language %q: %+v", lang, en)
			}
		}
		if tw := approve("zh-TW"); tw.Title != "填写的内容有误" {
			t.Errorf("zh-TW reads Chinese: %+v", tw)
		}

		// A conflict says the state by its Chinese label; a missing thing is 未找到.
		zhHeader := map[string]string{"Accept-Language": "zh-CN"}
		r := w.Do(at.Request{Method: http.MethodPatch, Path: "/api/v1/challenges/" + id, Token: w.Enterprise.Token,
			Body: map[string]any{"title": "改个名字"}, Headers: zhHeader})
		var p saidProblem
		at.Expect(t, r, 409).JSON(t, &p)
		if p.Title != "与当前状态冲突" || p.Detail != "只有草稿可以编辑；此榜单为「待审核」" {
			t.Errorf("409 in Chinese: %+v", p)
		}
		r = w.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/challenges/nope", Token: w.PM.Token, Headers: zhHeader})
		at.Expect(t, r, 404).JSON(t, &p)
		if p.Title != "未找到" || p.Detail != "未找到榜单 nope" {
			t.Errorf("404 in Chinese: %+v", p)
		}
		r = w.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/audit", Token: w.Enterprise.Token, Headers: zhHeader})
		at.Expect(t, r, 403).JSON(t, &p)
		if p.Title != "无权执行此操作" || p.Detail != "您的角色（企业）无权执行此操作" {
			t.Errorf("403 in Chinese: %+v", p)
		}

		// A gate's checklist is said in the caller's language, each condition coded.
		pid := w.Approved(w.Institute, "语言测试项目")
		var gate struct {
			Conditions []struct {
				Key, Code, Description string
				Params                 map[string]any
			}
		}
		r = w.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/projects/" + pid + "/gate", Token: w.PM.Token, Headers: zhHeader})
		at.Expect(t, r, 200).JSON(t, &gate)
		found := false
		for _, c := range gate.Conditions {
			if c.Key == "trl_5" {
				found = c.Code == "gate.trl" && c.Description == "技术成熟度至少 5 级（当前 3 级）" && c.Params["min"] == float64(5)
			}
		}
		if !found {
			t.Errorf("gate in Chinese: %+v", gate.Conditions)
		}
		// The move refused at that gate names every unmet condition, in Chinese.
		r = w.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/projects/" + pid + "/transitions", Token: w.PM.Token,
			Body: map[string]any{"from": "research", "to": "validation", "version": w.Version(pid)}, Headers: zhHeader})
		at.Expect(t, r, 422).JSON(t, &p)
		if p.Detail != "从「科技攻关」到「场景验证」的阶段门槛尚未满足" || len(p.Errors) < 2 || p.Errors[0].Code == "" {
			t.Errorf("refused gate in Chinese: %+v", p)
		}

		// A request the validator refuses is coded too.
		r = w.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/auth/login", Body: map[string]any{"email": "", "password": ""}, Headers: zhHeader})
		at.Expect(t, r, 422).JSON(t, &p)
		for _, e := range p.Errors {
			if e.Code != "required" || e.Message != "必填" {
				t.Errorf("login validation in Chinese: %+v", p.Errors)
			}
		}
	})
}
