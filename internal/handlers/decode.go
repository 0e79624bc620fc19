package handlers

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// decodeJSON reads the body into dst strictly: JSON only, unknown fields
// refused, one value only; then checks dst's `validate` tags. A body that is
// too large is a 413, malformed JSON a 400, failed rules a 422.
func decodeJSON(c echo.Context, dst any) error {
	req := c.Request()
	if ct := req.Header.Get(echo.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType, domain.Msg("send the body as application/json", "请以 application/json 发送请求内容"))
		}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return bodyReadError(err, domain.BadRequest(domain.Msg("the request body could not be read", "无法读取请求内容")))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return domain.BadRequest(domain.Msg("the request body is empty: send a JSON object", "请求内容为空，请发送 JSON 对象"))
	}
	// PostgreSQL text cannot hold NUL; refuse it here for both drivers alike.
	if bytes.Contains(bytes.ToLower(body), []byte(`\u0000`)) {
		return domain.BadRequest(domain.Msg("text in the request must not contain NUL characters", "请求中的文字不能含有 NUL 字符"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return domain.BadRequest(domain.Msg("the request body holds more than one JSON value", "请求内容含有多个 JSON 值"))
	}
	// Every bad field at once: the text rules' and the tags'.
	p := textProblems(dst)
	p = append(p, ruleProblems(dst)...)
	return p.Err()
}

// jsonError says what is wrong with a body the JSON decoder refused.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return domain.BadRequest(domain.Msg("the request body is not valid JSON (at byte %d)", "请求内容不是有效的 JSON（第 %d 字节）"), syn.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return domain.BadRequest(domain.Msg("field %q must be a JSON %s", "字段 %q 须为 JSON %s"), typ.Field, jsonKind(typ.Type))
	case errors.As(err, &typ):
		return domain.BadRequest(domain.Msg("the request body must be a JSON %s", "请求内容须为 JSON %s"), jsonKind(typ.Type))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.BadRequest(domain.Msg("the request body is truncated JSON", "请求内容是不完整的 JSON"))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return domain.BadRequest(domain.Msg("unknown field %s", "未知字段 %s"), strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return domain.BadRequest(domain.Msg("the request body is not valid JSON", "请求内容不是有效的 JSON"))
}

// jsonKindName is a kind of JSON value, said in the caller's language.
type jsonKindName string

var jsonKindWords = map[jsonKindName]string{"string": "字符串", "boolean": "布尔值", "integer": "整数", "number": "数字",
	"array": "数组", "object": "对象"}

func (k jsonKindName) Label(lang domain.Lang) string {
	if lang == domain.Chinese {
		return jsonKindWords[k]
	}
	return string(k)
}

func jsonKind(t reflect.Type) jsonKindName {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

var (
	validateOnce sync.Once
	validate     *validator.Validate
)

func structValidator() *validator.Validate {
	validateOnce.Do(func() {
		validate = validator.New(validator.WithRequiredStructEnabled())
		validate.RegisterTagNameFunc(func(f reflect.StructField) string {
			name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
			if name == "-" {
				return ""
			}
			return name
		})
	})
	return validate
}

// ruleProblems are the failed `validate` tags, one entry per field.
func ruleProblems(v any) domain.Problems {
	err := structValidator().Struct(v)
	var verrs validator.ValidationErrors
	if err == nil || !errors.As(err, &verrs) {
		return nil
	}
	var p domain.Problems
	for _, fe := range verrs {
		// The namespace starts with the type name; the rest is the JSON path.
		field := fe.Namespace()
		if i := strings.IndexByte(field, '.'); i >= 0 {
			field = field[i+1:]
		}
		p = append(p, ruleProblem(field, fe))
	}
	return p
}

// ruleProblem says which `validate` rule a field fails, as a coded problem.
func ruleProblem(field string, fe validator.FieldError) domain.FieldError {
	n := fe.Param()
	if v, err := strconv.ParseInt(n, 10, 64); err == nil {
		return ruleProblemN(field, fe, v)
	}
	switch fe.Tag() {
	case "required":
		return domain.Problem(field, domain.CodeRequired)
	case "email":
		return domain.Problem(field, domain.CodeEmail)
	case "oneof":
		return domain.Problem(field, domain.CodeOneOf, "allowed", strings.ReplaceAll(n, " ", ", "))
	}
	return domain.Problem(field, domain.CodeInvalid, "rule", fe.Tag())
}

func ruleProblemN(field string, fe validator.FieldError, n int64) domain.FieldError {
	text := fe.Kind() == reflect.String
	switch fe.Tag() {
	case "min":
		if text {
			return domain.Problem(field, domain.CodeTooShort, "min", n)
		}
		return domain.Problem(field, domain.CodeAtLeast, "min", n)
	case "gte":
		return domain.Problem(field, domain.CodeAtLeast, "min", n)
	case "max":
		if text {
			return domain.Problem(field, domain.CodeTooLong, "max", n)
		}
		if fe.Kind() == reflect.Slice {
			return domain.Problem(field, domain.CodeTooMany, "max", n)
		}
		return domain.Problem(field, domain.CodeAtMost, "max", n)
	case "lte":
		return domain.Problem(field, domain.CodeAtMost, "max", n)
	}
	return domain.Problem(field, domain.CodeInvalid, "rule", fe.Tag())
}

// pageOf reads ?limit= and ?cursor=. A limit outside 1..100 is clamped; a
// limit that is not a number, or a cursor this server did not make, is a 400.
func pageOf(c echo.Context) (domain.Page, error) {
	var p domain.Page
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return p, domain.BadRequest(domain.Msg("limit must be a whole number from 1 to %d", "limit 须为 1 至 %d 的整数"), domain.MaxPageLimit)
		}
		p.Limit = n
	}
	if s := c.QueryParam("cursor"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		// The key goes into a query: it must be text both databases take.
		if err != nil || !strings.HasPrefix(string(b), "k:") || !plainText(string(b), 200) {
			return p, domain.BadRequest(domain.Msg("the cursor is not valid: use next_cursor from the previous page", "分页游标无效：请使用上一页返回的 next_cursor"))
		}
		p.After = string(b[2:])
	}
	return p.Clamp(), nil
}

// cursorOf makes the opaque cursor for a key; "" gives nil (no next page).
func cursorOf(key string) *string {
	if key == "" {
		return nil
	}
	s := base64.RawURLEncoding.EncodeToString([]byte("k:" + key))
	return &s
}

// boolQuery reads an optional boolean query parameter.
func boolQuery(c echo.Context, name string) (bool, error) {
	s := c.QueryParam(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, domain.BadRequest(domain.Msg("%s must be true or false", "参数 %s 须为 true 或 false"), name)
	}
	return b, nil
}

// enumQuery reads an optional query parameter that must be one of allowed.
func enumQuery(c echo.Context, name string, allowed ...string) (string, error) {
	s := c.QueryParam(name)
	if s == "" {
		return "", nil
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", domain.BadRequest(domain.Msg("%s must be one of: %s", "参数 %s 须为以下之一：%s"), name, strings.Join(allowed, ", "))
}

// decodeOptionalJSON decodes the body when there is one (actions may have none).
func decodeOptionalJSON(c echo.Context, dst any) error {
	if c.Request().ContentLength == 0 && c.Request().Header.Get("Transfer-Encoding") == "" {
		return nil
	}
	return decodeJSON(c, dst)
}

// ifMatch takes the version from the body or, failing that, an If-Match header ("n" or n).
func ifMatch(c echo.Context, body *int) (*int, error) {
	if body != nil {
		return body, nil
	}
	h := c.Request().Header.Get("If-Match")
	if h == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(trimQuotes(h))
	if err != nil {
		return nil, domain.BadRequest(domain.Msg("If-Match must be the resource's version number", "If-Match 须为资源的版本号"))
	}
	return &n, nil
}

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

func badVersionOnCreate() error {
	return domain.Invalid(domain.Msg("a new resource has no version", "新建的记录没有版本号"), domain.Problem("version", domain.CodeNoVersionOnCreate))
}

// yearQuery reads ?name= as a year of the programme's sane range (0 when
// absent): the one way a year is read from a query.
func yearQuery(c echo.Context, name string) (int, error) {
	y := c.QueryParam(name)
	if y == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < domain.MinDate.Year() || n > domain.MaxDate.Year() {
		return 0, domain.BadRequest(domain.Msg("%s must be a year such as 2026", "%s 须为如 2026 的年份"), name)
	}
	return n, nil
}

// pathYear reads the {year} of a path: the one way a year is read from a
// path (whether the year is one the resource takes is its service's rule).
func pathYear(c echo.Context) (int, error) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return 0, domain.BadRequest(domain.Msg("the year in the path must be a year such as 2026", "路径中的年份须为如 2026 的年份"))
	}
	return year, nil
}
