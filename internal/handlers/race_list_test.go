package handlers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestConcurrentTestsAreListed: make test runs this package without the race
// detector, then again with it for the tests listed in
// testdata/race-tests.txt. Every test that starts goroutines (go statements,
// the race helper, a WaitGroup) must be listed, or its races would go unseen;
// every listed name must be a test.
func TestConcurrentTestsAreListed(t *testing.T) {
	b, err := os.ReadFile("testdata/race-tests.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			listed = append(listed, l)
		}
	}
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var tests, concurrent []string
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil {
				continue
			}
			tests = append(tests, fn.Name.Name)
			if startsGoroutines(fn.Body) {
				concurrent = append(concurrent, fn.Name.Name)
			}
		}
	}
	if len(concurrent) < 10 {
		t.Fatalf("found only %d concurrent tests: the scan is broken", len(concurrent))
	}
	for _, name := range concurrent {
		if !slices.Contains(listed, name) {
			t.Errorf("%s starts goroutines: list it in testdata/race-tests.txt so that it runs under the race detector", name)
		}
	}
	for _, name := range listed {
		if !slices.Contains(tests, name) {
			t.Errorf("testdata/race-tests.txt lists %s, which is no test of this package", name)
		}
	}
}

// startsGoroutines reports whether a test body has a go statement, or calls
// the race helper or a WaitGroup.
func startsGoroutines(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GoStmt:
			found = true
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "race" {
				found = true
			}
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Name == "sync" && x.Sel.Name == "WaitGroup" {
				found = true
			}
		}
		return !found
	})
	return found
}
