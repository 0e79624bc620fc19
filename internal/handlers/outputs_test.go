package handlers_test

import (
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestOutputsInTheFigures: outputs count by type, landmark, field and year,
// for every reader, and are exported.
func TestOutputsInTheFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "成果测试项目")
		add := func(body map[string]any) *at.Response {
			return env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/outputs", body)
		}
		at.Expect(t, add(map[string]any{"type": "patent", "title": "一种交联聚乙烯绝缘料", "reference": "ZL202610000001.2", "date": "2026-06-01", "landmark": true}), 201)
		at.Expect(t, add(map[string]any{"type": "paper", "title": "海缆绝缘老化机理", "reference": "10.1000/hv.2026.1", "date": "2025-12-30"}), 201)
		at.Expect(t, add(map[string]any{"type": "poem", "title": "", "date": "2099-01-01"}), 422)
		var sum struct {
			Outputs struct {
				Total    int64            `json:"total"`
				ByType   map[string]int64 `json:"by_type"`
				Landmark int64            `json:"landmark"`
				ByField  map[string]int64 `json:"by_field"`
				ByYear   map[string]int64 `json:"by_year"`
			} `json:"outputs"`
		}
		at.Expect(t, env.Get("", "/api/v1/portfolio/summary"), 200).JSON(t, &sum)
		o := sum.Outputs
		if o.Total != 2 || o.ByType["patent"] != 1 || o.ByType["paper"] != 1 || o.Landmark != 1 || o.ByYear["2026"] != 1 ||
			o.ByYear["2025"] != 1 || o.ByField["digital"] != 2 {
			t.Fatalf("output figures %+v", o)
		}
		r := at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=outputs"), 200)
		if r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || len(r.Body) < 1000 {
			t.Fatalf("export: %v %d bytes", r.Header, len(r.Body))
		}
	})
}
