package handlers

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// textProblems holds every string of a decoded request body to the text rules
// (domain.CleanText), naming every bad field. A string
// is single-line text unless its field is tagged `text:"multiline"`; such a
// field's line ends are normalized to LF first (a textarea on Windows sends
// CR LF). Single-line is the default so that a new field is safe unless it
// says otherwise.
func textProblems(v any) domain.Problems {
	var p domain.Problems
	walkText(reflect.ValueOf(v), "", domain.SingleLine, &p)
	return p
}

func walkText(v reflect.Value, path string, kind domain.TextKind, p *domain.Problems) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, kind, p)
		}
	case reflect.String:
		s := v.String()
		if kind == domain.MultiLine {
			if n := domain.NormalizeLines(s); n != s && v.CanSet() {
				v.SetString(n)
				s = n
			}
		}
		if !domain.CleanText(s, kind) {
			p.Add(path, kind.Code())
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes are not text
		}
		for i := range v.Len() {
			walkText(v.Index(i), path+"["+strconv.Itoa(i)+"]", kind, p)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			key := it.Key()
			if key.Kind() == reflect.String && !domain.CleanText(key.String(), domain.SingleLine) {
				p.Add(path, domain.CodeSingleLine)
			}
			walkText(it.Value(), path+"."+key.String(), kind, p)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
			if name == "-" {
				continue
			}
			fieldPath := path
			if !f.Anonymous || name != "" {
				if name == "" {
					name = f.Name
				}
				fieldPath = name
				if path != "" {
					fieldPath = path + "." + name
				}
			}
			k := domain.SingleLine
			if f.Tag.Get("text") == "multiline" {
				k = domain.MultiLine
			}
			walkText(v.Field(i), fieldPath, k, p)
		}
	}
}
