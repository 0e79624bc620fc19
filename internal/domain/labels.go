package domain

import "strings"

// Labeled is a value with words in both languages (an enum value): a message
// or a spreadsheet says its label, never its key.
type Labeled interface{ Label(Lang) string }

// statusLabels are the Chinese words for every status and stage, one table as
// the web app has it (no key means two different things).
var statusLabels = map[string]string{
	"draft": "草稿", "submitted": "待审核", "published": "揭榜中", "closed": "已截止", "in_review": "评审中",
	"awarded": "已挂帅", "failed": "流榜", "rejected": "未通过", "withdrawn": "已撤回", "cancelled": "已撤榜",
	"proposal": "申报", "research": "科技攻关", "validation": "场景验证", "industrialization": "产业化应用",
	"completed": "验收完成", "terminated": "已终止", "pending": "待审核", "verified": "已认证", "forming": "组建中",
	"active": "运行中", "dissolved": "已解散", "planned": "计划中", "done": "已完成", "accepted": "已验收",
	"not_awarded": "未中榜", "invited": "已邀请", "declined": "已婉拒", "left": "已退出", "removed": "已移出",
	"committed": "已承诺", "disbursed": "已拨付", "passed": "通过", "disabled": "已停用",
}

// StatusLabel is a status or stage in lang: its Chinese word, or in English
// its key in words ("in_review" → "in review").
func StatusLabel(key string, lang Lang) string {
	return label(statusLabels, key, lang)
}

var roleLabels = map[string]string{
	"enterprise": "企业", "institute": "科研院所/高校", "program_manager": "项目主管", "expert": "评审专家", "admin": "平台管理员",
}

// Label is the role in lang.
func (r Role) Label(lang Lang) string { return label(roleLabels, string(r), lang) }

// Label says a key from a table of Chinese words in lang.
func label(zh map[string]string, key string, lang Lang) string {
	if w, ok := zh[key]; ok && lang == Chinese {
		return w
	}
	return strings.ReplaceAll(key, "_", " ")
}

// LabelTable makes the Label of an enum type from its Chinese words.
func LabelTable[T ~string](zh map[T]string) func(T, Lang) string {
	return func(v T, lang Lang) string {
		if w, ok := zh[v]; ok && lang == Chinese {
			return w
		}
		return strings.ReplaceAll(string(v), "_", " ")
	}
}
