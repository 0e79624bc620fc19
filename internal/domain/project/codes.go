package project

import (
	"github.com/kcyj2035/portfolio/internal/domain"
)

// The problems particular to projects, each in both languages.
var (
	codeTRL                = domain.NewCode("project.trl", "a technology readiness level is from 1 to 9", "技术成熟度（TRL）为 1 至 9 级")
	codeNotYourConsortium  = domain.NewCode("project.consortium", "must be an approved consortium your organization is an active member of", "须为贵单位在其中的已批准创新联合体")
	codeMoveFrom           = domain.NewCode("move.from", "must be the stage you believe the project is in", "须为项目当前所处阶段")
	codeMoveVersion        = domain.NewCode("move.version", "must be the version of the project you saw", "须为您所看到的项目版本号")
	codeNoSuchMove         = domain.NewCode("move.not_allowed", "not a move the stage machine allows from {from}", "项目不能从「{from}」转到该阶段")
	codeOverBudget         = domain.NewCode("funding.over_budget", "committed and disbursed funding would exceed the budget of {budget} yuan by {excess} yuan (a change request moves the budget)", "已承诺和已拨付资金将超出项目预算 {budget} 元，超出 {excess} 元（预算可通过变更申请调整）")
	codeNoChanges          = domain.NewCode("change.empty", "ask for at least one change", "请至少填写一项变更")
	codeBudgetBelowFunding = domain.NewCode("change.budget_below_funding", "must be at least the {funding} yuan already committed", "不能低于已承诺的 {funding} 元")
	codeMilestoneClosed    = domain.NewCode("change.milestone_accepted", "milestone「{title}」is accepted: its date no longer changes", "里程碑「{title}」已验收，日期不能再变更")
	codeAlreadyMember      = domain.NewCode("change.already_member", "{name} is already a member", "{name} 已是项目成员")
	codeRemoveLead         = domain.NewCode("change.remove_lead", "the lead organization stays", "牵头单位不能移出")
	codeNotMember          = domain.NewCode("change.not_member", "is not a member of this project", "不是本项目成员")
	codeNotThisKPI         = domain.NewCode("kpi.other_project", "is not a KPI of this project", "不是本项目的考核指标")
	codePastDate           = domain.NewCode("date.past", "must not be earlier than today", "不能早于今天")
	codeVoucher            = domain.NewCode("disbursement.voucher", "is not a document of this project", "不是本项目的附件")
	codeOverLine           = domain.NewCode("disbursement.over_line", "would disburse {excess} yuan more than the line's {line} yuan ({disbursed} yuan disbursed already)", "将超出该资金条目 {line} 元共 {excess} 元（已拨付 {disbursed} 元）")
	codeKPIValue           = domain.NewCode("kpi.value", "must be a number of at most {max} either way", "须为绝对值不超过 {max} 的数")
	codeNewMilestoneStatus = domain.NewCode("milestone.new_status", "leave it out: a new milestone is planned", "新里程碑为计划中，无需填写状态")
	codeNotThisMilestone   = domain.NewCode("milestone.other_project", "is not a milestone of this project", "不是本项目的里程碑")
	codeTrancheNotAccepted = domain.NewCode("funding.tranche_not_accepted", "a tranche tied to milestone「{milestone}」can be disbursed only after a program manager accepted it (it is {status})", "绑定里程碑「{milestone}」的分期须待项目主管验收该里程碑后拨付（当前：{status}）")
	codeNewLineSource      = domain.NewCode("funding.new_source", "must be one of: {allowed} (investment lines come from grant-to-investment conversion)", "须为以下之一：{allowed}（投资类资金由拨改投转换而来）")
	codeMatchingMunicipal  = domain.NewCode("funding.matching_municipal", "only municipal lines are matching funds", "只有市级财政资金可作为配套资金")
	codeSourceFixed        = domain.NewCode("funding.source_fixed", "add a new line instead", "资金来源不能修改，请新增一条资金")
	codeDisbursedAmount    = domain.NewCode("funding.disbursed_amount", "a disbursed line's amount no longer changes", "已拨付资金的金额不能再修改")
	codeUntieByEdit        = domain.NewCode("funding.untie_by_edit", "a tranche is untied with its own operation (POST /funding/{id}/untie), not by an edit", "解除分期绑定请使用「解除绑定」操作")
	codeDisbursedTied      = domain.NewCode("funding.disbursed_tied", "a disbursed tranche stays tied to the milestone that released it", "已拨付的分期保持与其里程碑的绑定")
	codeConvertWhich       = domain.NewCode("funding.convert_which", "grant-to-investment converts a committed municipal line; this one is {source} and {status}", "拨改投只转换已承诺的市级财政资金；此笔为「{source}」「{status}」")
	codeInvestor           = domain.NewCode("funding.investor", "{name} is not a verified financial organization (fund or bank)", "{name} 不是已认证的金融机构（基金或银行）")
	codeMunicipalCap       = domain.NewCode("funding.municipal_cap", "the municipal subsidy of a project is at most {max} yuan; with this change it would be {total} yuan", "单个项目市级财政资助最高 {max} 元（5000 万元）；此次修改后将达 {total} 元")
	codeMatchingCap        = domain.NewCode("funding.matching_cap", "municipal matching funds may be at most the national plus provincial funds (1:1 matching): {matching} yuan of matching against {higher} yuan", "市级配套资金不能超过国家级与省级资金之和（1:1 配套）：配套 {matching} 元，国家级与省级合计 {higher} 元")

	codeGateTRL                  = domain.NewCode("gate.trl", "technology readiness level at least {min} (now {trl})", "技术成熟度至少 {min} 级（当前 {trl} 级）")
	codeGateMilestonesDone       = domain.NewCode("gate.milestones_done", "every milestone due in research is done", "科技攻关阶段的里程碑全部完成")
	codeGateMilestonesOpen       = domain.NewCode("gate.milestones_open", "every milestone due in research is done ({count} not done: {titles})", "科技攻关阶段的里程碑全部完成（{count} 个未完成：{titles}）")
	codeGateScenarioAccepted     = domain.NewCode("gate.scenario_accepted", "an application scenario has accepted the project", "已有应用场景接纳本项目")
	codeGateTrialPassed          = domain.NewCode("gate.trial_passed", "a scenario trial has passed, with its report", "场景试验已通过并提交报告")
	codeGateAcceptanceNote       = domain.NewCode("gate.acceptance_note", "an acceptance note is given as the move's evidence", "以验收意见作为转阶段依据")
	codeGateAcceptanceNoteToGive = domain.NewCode("gate.acceptance_note_to_give", "an acceptance note must be given with the move", "转阶段时须填写验收意见")
)

// Label says a stage in lang (its Chinese word, as the web app shows it).
func (s Stage) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }
