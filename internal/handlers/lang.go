package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// langMatcher picks the language a caller reads from its Accept-Language:
// English (the default: what the API has always answered) or Chinese (zh,
// zh-CN, zh-Hans, zh-TW …).
var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Chinese})

// langOf is the language of the caller's Accept-Language header.
func langOf(c echo.Context) domain.Lang {
	h := c.Request().Header.Get("Accept-Language")
	if h == "" {
		return domain.English
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return domain.English
	}
	if _, i, conf := langMatcher.Match(tags...); i == 1 && conf != language.No {
		return domain.Chinese
	}
	return domain.English
}

// msgInternal is what a caller learns of a failure of the server's own.
var msgInternal = domain.Msg("internal error", "服务器内部错误")

// statusText is a status's text in lang.
func statusText(lang domain.Lang, status int) string {
	if t, ok := titles[status]; ok && lang == domain.Chinese {
		return t
	}
	return http.StatusText(status)
}

// titles are the problems' titles in Chinese, by status.
var titles = map[int]string{
	400: "请求格式有误", 401: "未登录或登录已失效", 403: "无权执行此操作", 404: "未找到", 405: "不支持此请求方法",
	409: "与当前状态冲突", 413: "请求内容过大", 415: "不支持的内容类型", 422: "填写的内容有误", 429: "请求过于频繁",
	500: "服务器内部错误", 503: "服务暂不可用",
}
