package challenge

import "github.com/kcyj2035/portfolio/internal/domain"

// The problems particular to challenges, bids and reviews, each in both languages.
var (
	codeIndicatorIncomplete = domain.NewCode("challenge.indicator_incomplete", "each indicator needs a name and a target", "每项指标须填写名称和目标值")
	codeIndicatorTooLong    = domain.NewCode("challenge.indicator_too_long", "indicator text is too long", "指标文字过长")
	codeIndicatorsToSubmit  = domain.NewCode("challenge.indicators_to_submit", "at least one technical indicator is required to submit", "提交前至少填写一项技术指标")
	codeTRLRaise            = domain.NewCode("challenge.trl_raise", "must be above trl_start: the challenge must raise the technology's readiness", "须高于起始技术成熟度：榜单须提升技术成熟度")
	codeEligibleRequired    = domain.NewCode("challenge.eligible_required", "say which kinds of organization may bid", "请选择可揭榜的单位类型")
	codeFundingCap          = domain.NewCode("challenge.funding_cap", "must be from 0 to {max} yuan (the municipal subsidy of one project is at most 50 million yuan)", "须在 0 至 {max} 元之间（单个项目市级财政资助最高 5000 万元）")
	codeDeadlinePast        = domain.NewCode("challenge.deadline_past", "must be in the future", "须晚于当前时间")
	codeDeadlineFar         = domain.NewCode("challenge.deadline_far", "must be within two years", "须在两年之内")

	codeMilestoneMonth = domain.NewCode("bid.milestone_month", "must fall within the proposed duration (month 1 to {max})", "须在实施周期内（第 1 至 {max} 个月）")
	codeAcceptTerms    = domain.NewCode("bid.accept_terms", "the challenge's IP and confidentiality terms must be accepted to bid", "揭榜须接受榜单的知识产权与保密条款")
	codeListedTwice    = domain.NewCode("bid.partner_twice", "listed twice", "重复填写")
	codePartnerIsLead  = domain.NewCode("bid.partner_is_lead", "the bidding organization is the lead, not its own partner", "揭榜单位是牵头单位，不能同时作为合作单位")
	codePartnerIsOwner = domain.NewCode("bid.partner_is_owner", "the enterprise that posed the challenge cannot be a partner of a bid on it", "出题企业不能作为揭榜方案的合作单位")
	codePartnerForeign = domain.NewCode("bid.partner_foreign", "{name} is not a Chinese organization: this challenge takes Chinese organizations only, partners too",
		"「{name}」为境外单位：本榜单仅限境内单位参与（含合作单位）")
	codeTooManyWinners             = domain.NewCode("award.too_many_winners", "at most {max} winners on this challenge; {count} named", "本榜单最多 {max} 个中榜方案，现提出 {count} 个")
	codeNotThisBid                 = domain.NewCode("bid.other_challenge", "is not a bid on this challenge", "不是本榜单的揭榜方案")
	codeBidWithdrawn               = domain.NewCode("bid.withdrawn", "was withdrawn", "已撤回")
	codeUnknownScenario            = domain.NewCode("challenge.unknown_scenario", "no such application scenario", "应用场景不存在")
	codeNotProvider                = domain.NewCode("challenge.not_provider", "only the scenario's provider posts a competition for it (以赛代招)", "只有应用场景的提供方可以为其发布以赛代招榜单")
	codeProcurementWithoutScenario = domain.NewCode("challenge.procurement_without_scenario", "a procurement commitment needs an application scenario", "采购承诺须对应一个应用场景")
	codeNotShortlisted             = domain.NewCode("award.not_shortlisted", "did not reach the final round (round {round}): only its bids can win", "未入围最后一轮（第 {round} 轮），不能中榜")

	codeRoundsWeights  = domain.NewCode("review.weights_sum", "the rounds' weights must sum to 100; they sum to {sum}", "各轮权重之和须为 100，现为 {sum}")
	codeRoundShortlist = domain.NewCode("review.shortlist", "every round but the last shortlists from {min} (the winners allowed) to 100 bids", "除最后一轮外，每轮须确定入围数量：{min}（最多中榜数）至 100")
	codeLastShortlist  = domain.NewCode("review.last_shortlist", "the last round shortlists nothing: the award follows it", "最后一轮不设入围数量：其后即提出中榜建议")
	codeRoundName      = domain.NewCode("review.round_name", "each round needs a name of at most 50 characters", "每轮须填写名称（最多 50 字）")

	codeUnknownUser        = domain.NewCode("user.unknown", "no such user", "用户不存在")
	codeNotExpert          = domain.NewCode("review.not_expert", "{name} is not an expert", "{name} 不是评审专家")
	codeExpertDisabled     = domain.NewCode("review.expert_disabled", "{name}'s account is disabled", "{name} 的账号已停用")
	codeConflictOwner      = domain.NewCode("review.conflict_owner", "conflict of interest: {name} works for {organization}, the enterprise that posed the challenge", "利益冲突：{name} 就职于出题企业「{organization}」")
	codeConflictBidder     = domain.NewCode("review.conflict_bidder", "conflict of interest: {name} works for {organization}, a bidder", "利益冲突：{name} 就职于揭榜单位「{organization}」")
	codeConflictPartner    = domain.NewCode("review.conflict_partner", "conflict of interest: {name} works for {organization}, a partner of a bidder", "利益冲突：{name} 就职于揭榜合作单位「{organization}」")
	codeConflictConsortium = domain.NewCode("review.conflict_consortium", "conflict of interest: {name} works for {organization}, which is in the consortium「{via}」with {other}",
		"利益冲突：{name} 所在单位「{organization}」与「{other}」同为创新联合体「{via}」成员")
	codeConflictProject = domain.NewCode("review.conflict_project", "conflict of interest: {name} works for {organization}, which shared the project「{via}」with {other} in the last three years",
		"利益冲突：{name} 所在单位「{organization}」近三年与「{other}」共同承担项目「{via}」")
	codeConflictDeclared = domain.NewCode("review.conflict_declared", "{name} declared a conflict of interest on this challenge", "{name} 已就本榜单声明利益冲突")
	codeTooFewReviewers  = domain.NewCode("review.too_few", "at least {min} experts must review a challenge; it would have {count}", "每个榜单至少须 {min} 位专家评审；指派后只有 {count} 位")
	codeBidNotScored     = domain.NewCode("review.not_scored", "bid {bid} is not scored yet", "揭榜方案 {bid} 尚未评分")
)

// Label says a status in lang (its Chinese word, as the web app shows it).
func (s Status) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }

// Label says a bid's status in lang.
func (s BidStatus) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }
