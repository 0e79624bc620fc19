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

// errorMakers are the functions whose message (the argument at the index)
// a caller reads.
var errorMakers = map[string]int{
	"BadRequest": 0, "Unauthenticated": 0, "Forbidden": 0, "NotFound": 0, "Conflict": 0,
	"TooManyRequests": 0, "TooLarge": 0, "UnsupportedType": 0, "Unavailable": 1, "Invalid": 0, "Invalidf": 1,
}

// messages reads the program's source (not its tests) and returns every
// message declared with Msg (English → Chinese, and where), and the places
// where an error maker is handed a message not made by Msg on the spot.
func messages(t *testing.T) (msgs map[string][2]string, indirect []string) {
	t.Helper()
	msgs = map[string][2]string{}
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
			name := func(call *ast.CallExpr) string {
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "domain" {
						return fn.Sel.Name
					}
				case *ast.Ident:
					if inDomain {
						return fn.Name
					}
				}
				return ""
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				where := fset.Position(call.Pos()).String()
				fn := name(call)
				if fn == "Msg" && len(call.Args) == 2 {
					en, ok1 := call.Args[0].(*ast.BasicLit)
					zh, ok2 := call.Args[1].(*ast.BasicLit)
					if !ok1 || !ok2 || en.Kind != token.STRING || zh.Kind != token.STRING {
						indirect = append(indirect, where+": Msg of something other than two literal strings")
						return true
					}
					e, _ := strconv.Unquote(en.Value)
					z, _ := strconv.Unquote(zh.Value)
					msgs[e] = [2]string{z, where}
				}
				if i, ok := errorMakers[fn]; ok && len(call.Args) > i {
					if arg, ok := call.Args[i].(*ast.CallExpr); !ok || name(arg) != "Msg" {
						indirect = append(indirect, where+": "+fn+"'s message is not made by Msg on the spot")
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return msgs, indirect
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

var han = regexp.MustCompile(`\p{Han}`)

// TestMessagesTakeTheirArgs: every message declared with Msg has Chinese
// that is Chinese and takes the English format's args. (A message without
// its Chinese does not compile: the error makers take Msg.)
func TestMessagesTakeTheirArgs(t *testing.T) {
	msgs, _ := messages(t)
	if len(msgs) < 250 {
		t.Fatalf("found only %d messages: the source walk is broken", len(msgs))
	}
	for en, m := range msgs {
		zh, where := m[0], m[1]
		if !han.MatchString(zh) {
			t.Errorf("%s: the Chinese of %q is not Chinese: %q", where, en, zh)
		}
		args := sampleArgs(en)
		if len(args) == 0 {
			continue
		}
		if said := fmt.Sprintf(zh, args...); strings.Contains(said, "%!") {
			t.Errorf("%s: the Chinese of %q does not take its args: %s", where, en, said)
		}
	}
}

// TestMessagesAreDeclaredOnTheSpot: every error maker is handed a message
// made by Msg of two literal strings where it is raised, so each message's
// two languages stand side by side.
func TestMessagesAreDeclaredOnTheSpot(t *testing.T) {
	_, indirect := messages(t)
	for _, where := range indirect {
		t.Error(where)
	}
}
