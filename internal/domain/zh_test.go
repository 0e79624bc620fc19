package domain

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// errorMakers are the functions whose format (the argument at the index) is
// a message a caller reads.
var errorMakers = map[string]int{
	"BadRequest": 0, "Unauthenticated": 0, "Forbidden": 0, "NotFound": 0, "Conflict": 0,
	"TooManyRequests": 0, "TooLarge": 0, "UnsupportedType": 0, "Unavailable": 1, "Invalid": 0, "Invalidf": 1,
	"Say": 1, "NewHTTPError": 1, // a fixed message, or echo's errors as the handlers raise them
}

// messageFormats reads the program's source (not its tests) and returns every
// message format passed to an error maker, and the places where one is not a
// literal string.
func messageFormats(t *testing.T) (formats map[string]string, dynamic []string) {
	t.Helper()
	formats = map[string]string{}
	fset := token.NewFileSet()
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			inDomain := f.Name.Name == "domain"
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var name string
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "domain" || x.Name == "echo" && fn.Sel.Name == "NewHTTPError") {
						name = fn.Sel.Name
					}
				case *ast.Ident:
					if inDomain {
						name = fn.Name
					}
				}
				i, ok := errorMakers[name]
				if !ok || len(call.Args) <= i {
					return true
				}
				where := fset.Position(call.Pos()).String()
				if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					formats[s] = where
				} else if name != "Say" && name != "NewHTTPError" {
					dynamic = append(dynamic, where)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return formats, dynamic
}

var verb = regexp.MustCompile(`%[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// sampleArgs are args of the kinds an English format's verbs take.
func sampleArgs(en string) []any {
	var args []any
	for _, v := range verb.FindAllString(en, -1) {
		switch v[len(v)-1] {
		case '%':
		case 'd':
			args = append(args, 7)
		case 'f', 'g':
			args = append(args, 7.5)
		default:
			args = append(args, "x")
		}
	}
	return args
}

// Every message an error can carry has its Chinese, with as many args.
func TestEveryMessageHasItsChinese(t *testing.T) {
	formats, _ := messageFormats(t)
	if len(formats) < 100 {
		t.Fatalf("found only %d message formats: the source walk is broken", len(formats))
	}
	for en, where := range formats {
		zh, ok := zhMessages[en]
		if !ok {
			t.Errorf("%s: no Chinese for %q", where, en)
			continue
		}
		args := sampleArgs(en)
		if len(args) == 0 {
			continue // said as it is (MessageIn)
		}
		if said := fmt.Sprintf(zh, args...); strings.Contains(said, "%!") {
			t.Errorf("%s: the Chinese of %q does not take its args: %s", where, en, said)
		}
	}
	for en := range zhMessages {
		if _, ok := formats[en]; !ok {
			t.Errorf("zhMessages has %q, which no error carries any more", en)
		}
	}
}

// A message made at run time cannot be translated: the few that are say
// only what a client could not have sent (malformed requests).
func TestMessagesAreLiterals(t *testing.T) {
	_, dynamic := messageFormats(t)
	for _, where := range dynamic {
		t.Errorf("%s: the message is not a literal string, so it has no Chinese", where)
	}
}
