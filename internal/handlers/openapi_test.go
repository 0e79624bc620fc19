package handlers_test

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestOpenAPIDocument: the served document is valid OpenAPI 3.1 and lists
// exactly the operations the router has.
func TestOpenAPIDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		raw := at.Expect(t, env.Get("", "/api/openapi.json"), 200).Body

		doc, err := libopenapi.NewDocument(raw)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		if v := doc.GetVersion(); v != "3.1.0" {
			t.Fatalf("openapi version %q, want 3.1.0", v)
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			t.Fatalf("build validator: %v", errs)
		}
		if ok, verrs := v.ValidateDocument(); !ok {
			for _, e := range verrs {
				t.Errorf("invalid OpenAPI: %s: %s", e.Message, e.Reason)
				for _, se := range e.SchemaValidationErrors {
					t.Errorf("  at %s: %s", se.FieldPath+" "+se.KeywordLocation, se.Reason)
				}
			}
			t.FailNow()
		}

		var d struct {
			Paths      map[string]map[string]json.RawMessage `json:"paths"`
			Components struct {
				Schemas map[string]struct {
					Properties map[string]struct {
						Type any `json:"type"`
					} `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatal(err)
		}
		// A pointer the API always sends may be null (no awards yet: no
		// median); a required input is not.
		for _, tc := range []struct {
			schema, prop string
			want         string
		}{
			{"ChallengeFiguresDTO", "median_days_to_award", `["number","null"]`},
			{"Page_ProjectSummaryDTO", "next_cursor", `["string","null"]`},
			{"ProposalRequest", "budget", `"integer"`},
			{"ConsortiumDTO", "approved_at", `"string"`}, // omitted when unset, never null
		} {
			got, _ := json.Marshal(d.Components.Schemas[tc.schema].Properties[tc.prop].Type)
			if string(got) != tc.want {
				t.Errorf("%s.%s type = %s, want %s", tc.schema, tc.prop, got, tc.want)
			}
		}
		documented := map[string]bool{}
		for p, ops := range d.Paths {
			for m := range ops {
				documented[strings.ToUpper(m)+" "+p] = true
			}
		}
		routed := map[string]bool{}
		for _, r := range env.App.Server.Echo().Routes() {
			routed[r.Method+" "+handlers.OpenAPIPath(r.Path)] = true
		}
		if diff := setDiff(routed, documented); len(diff) > 0 {
			t.Errorf("routes missing from the OpenAPI document: %v", diff)
		}
		if diff := setDiff(documented, routed); len(diff) > 0 {
			t.Errorf("documented operations the router does not have: %v", diff)
		}
		if len(routed) < 25 {
			t.Fatalf("only %d routes: the comparison is not looking at the real router", len(routed))
		}
		// The browsable reference is served with its assets.
		page := at.Expect(t, env.Get("", "/api/docs"), 200)
		if !strings.Contains(string(page.Body), "swagger-ui-bundle.js") {
			t.Fatal("/api/docs does not load the reference")
		}
		at.Expect(t, env.Get("", "/api/docs/swagger-ui-bundle.js"), 200)
		at.Expect(t, env.Get("", "/api/docs/nope.js"), 404)
	})
}

// TestOpenAPIGoldenCopy keeps frontend/src/api/openapi.json (which the web
// app's tests check their endpoints against) equal to the served document.
// UPDATE_OPENAPI=1 rewrites it.
func TestOpenAPIGoldenCopy(t *testing.T) {
	db := storetest.Drivers(t)[0].Open(t)
	env := at.New(t, db)
	doc := at.Expect(t, env.Get("", "/api/openapi.json"), 200).Body
	const golden = "../../frontend/src/api/openapi.json"
	if os.Getenv("UPDATE_OPENAPI") == "1" {
		if err := os.WriteFile(golden, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(golden)
	if err != nil || !bytes.Equal(bytes.TrimSpace(have), bytes.TrimSpace(doc)) {
		t.Fatalf("%s is out of date: run UPDATE_OPENAPI=1 go test ./internal/handlers -run TestOpenAPIGoldenCopy (%v)", golden, err)
	}
}

// TestMessageCatalogueGoldenCopy keeps frontend/src/api/messages.json, the
// words of every problem code in both languages that the web app says field
// problems with, equal to the codes the server registers.
// UPDATE_OPENAPI=1 rewrites it.
func TestMessageCatalogueGoldenCopy(t *testing.T) {
	doc, err := json.MarshalIndent(domain.Codes(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	const golden = "../../frontend/src/api/messages.json"
	if os.Getenv("UPDATE_OPENAPI") == "1" {
		if err := os.WriteFile(golden, append(doc, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(golden)
	if err != nil || !bytes.Equal(bytes.TrimSpace(have), bytes.TrimSpace(doc)) {
		t.Fatalf("%s is out of date: run UPDATE_OPENAPI=1 go test ./internal/handlers -run Golden (%v)", golden, err)
	}
}

func setDiff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
