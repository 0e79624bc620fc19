package handlers

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/invopop/jsonschema"
)

var (
	openAPIOnce sync.Once
	openAPIDoc  []byte
	openAPIErr  error
)

// OpenAPI returns the OpenAPI 3.1 document of every route the server has,
// made from the same route table the router is made from.
func (s *Server) OpenAPI() ([]byte, error) {
	openAPIOnce.Do(func() { openAPIDoc, openAPIErr = buildOpenAPI(s.routes, s.deps.Version) })
	return openAPIDoc, openAPIErr
}

var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// OpenAPIPath turns an Echo path into an OpenAPI path template.
func OpenAPIPath(p string) string {
	p = echoParam.ReplaceAllString(p, "{$1}")
	return strings.Replace(p, "*", "{path}", 1)
}

type schemas struct {
	r    *jsonschema.Reflector
	defs map[string]any
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]any{}, r: &jsonschema.Reflector{
		// DTO names; generics like Page[pkg.OrganizationDTO] become Page_OrganizationDTO.
		Namer: func(t reflect.Type) string {
			name := t.Name()
			if i := strings.IndexByte(name, '['); i >= 0 {
				inner := name[i+1 : len(name)-1]
				if j := strings.LastIndexByte(inner, '.'); j >= 0 {
					inner = inner[j+1:]
				}
				name = name[:i] + "_" + inner
			}
			return name
		},
	}}
}

// ref reflects v's type and returns a schema that refers to components.
func (s *schemas) ref(v any) map[string]any {
	raw, err := json.Marshal(s.r.Reflect(v))
	if err != nil {
		panic(err)
	}
	raw = []byte(strings.ReplaceAll(string(raw), "#/$defs/", "#/components/schemas/"))
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	if defs, ok := m["$defs"].(map[string]any); ok {
		withEnums(reflect.TypeOf(v), defs, s.r.Namer, map[reflect.Type]bool{})
		for k, d := range defs {
			s.defs[k] = d
		}
	}
	delete(m, "$defs")
	delete(m, "$schema")
	delete(m, "$id")
	return m
}

func problemResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
}

func buildOpenAPI(routes []Route, version string) (doc []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err, _ = r.(error)
		}
	}()
	if version == "" {
		version = "dev"
	}
	sc := newSchemas()
	sc.ref(Problem{})
	paths := map[string]map[string]any{}
	tags := map[string]bool{}
	for _, r := range routes {
		op := map[string]any{"operationId": r.OperationID, "summary": r.Summary, "tags": []string{r.Tag}}
		tags[r.Tag] = true
		var params []any
		for _, m := range echoParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if strings.Contains(r.Path, "*") {
			params = append(params, map[string]any{"name": "path", "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range r.Query {
			schema := map[string]any{"type": q.Type}
			if len(q.Enum) > 0 {
				schema["enum"] = q.Enum
			}
			p := map[string]any{"name": q.Name, "in": "query", "required": false, "schema": schema}
			if q.Description != "" {
				p["description"] = q.Description
			}
			params = append(params, p)
		}
		if r.Idempotent {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "the same key and body within 24 h returns the first response and creates nothing new",
				"schema":      map[string]any{"type": "string", "maxLength": 255}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": sc.ref(r.Body)}}}
		}
		if r.Upload {
			doc := r.UploadDoc
			if doc == nil {
				doc = &UploadDoc{File: "an .xlsx workbook made from the template (at most 10 MiB)"}
			}
			props := map[string]any{"file": map[string]any{"type": "string", "format": "binary", "description": doc.File}}
			for name, p := range doc.Fields {
				props[name] = p
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"},
					"properties": props}}}}
		}
		success := map[string]any{"description": http.StatusText(r.Status)}
		if r.Response != nil {
			success["content"] = map[string]any{"application/json": map[string]any{"schema": sc.ref(r.Response)}}
		}
		if r.Produces != "" {
			success["content"] = map[string]any{r.Produces: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		}
		responses := map[string]any{strconv.Itoa(r.Status): success}
		if strings.HasPrefix(r.Path, "/api/v1/") {
			responses["400"] = problemResponse("malformed request")
			responses["503"] = problemResponse("a dependency is unavailable (the database; for documents, the document store): try again shortly")
			if !r.Access.Public {
				responses["401"] = problemResponse("no or bad credentials")
				op["security"] = []any{map[string]any{"bearer": []string{}}}
			} else {
				op["security"] = []any{map[string]any{}, map[string]any{"bearer": []string{}}}
			}
			if len(r.Access.Roles) > 0 {
				responses["403"] = problemResponse("the caller's role may not do this")
				var rs []string
				for _, role := range r.Access.Roles {
					rs = append(rs, string(role))
				}
				op["x-roles"] = rs
				op["description"] = "Roles: " + strings.Join(rs, ", ") + "."
			}
			if strings.Contains(r.Path, ":") {
				responses["404"] = problemResponse("absent or not visible to the caller")
			}
			if r.Body != nil || r.Upload {
				responses["409"] = problemResponse("state conflict, stale version or duplicate")
				responses["413"] = problemResponse("the body is too large")
				if r.UploadDoc != nil && r.UploadDoc.Sniffed {
					responses["415"] = problemResponse("the file's content is of a type not accepted")
				}
				responses["422"] = problemResponse("a field or business rule fails")
			}
			if r.OperationID == "login" {
				responses["429"] = problemResponse("too many failed attempts")
			}
		}
		op["responses"] = responses
		p := OpenAPIPath(r.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = op
	}
	var tagList []any
	var names []string
	for t := range tags {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		tagList = append(tagList, map[string]any{"name": t})
	}
	d := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "科创甬江2035 portfolio API",
			"version": version,
			"description": "The REST API of the 科创甬江2035 innovation programme: 揭榜 challenges, projects, consortia, " +
				"portfolio figures and the audit trail. Errors are RFC 9457 problem details.",
		},
		"servers": []any{map[string]any{"url": "/"}},
		"tags":    tagList,
		"paths":   paths,
		"components": map[string]any{
			"schemas": sc.defs,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
			},
		},
	}
	return json.MarshalIndent(d, "", "  ")
}
