import type { zh } from "./zh";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

// English. The type makes the compiler refuse a key that zh.ts has and this lacks.
export const en: Shape<typeof zh> = {
  app: { title: "YongJiang 2035", footer: "YongJiang 2035 · Ningbo Science and Technology Bureau · challenge and key R&D project portfolio" },
  nav: {
    main: "Main navigation", board: "Challenge board", myChallenges: "My challenges", vetting: "Vetting", reviews: "Review workspace", projects: "Projects",
    consortia: "Consortia", dashboard: "Dashboard", importExport: "Import / export", organizations: "Organizations", users: "Users",
    audit: "Audit trail", notifications: "Notifications", language: "Language", signIn: "Sign in", signOut: "Sign out", account: "Account", menu: "Menu",
  },
  roles: { enterprise: "Enterprise", institute: "Institute / university", program_manager: "Program manager (bureau)", expert: "Expert reviewer", admin: "Administrator" },
  common: {
    loading: "Loading", empty: "Nothing here yet", more: "Load more", ok: "OK", cancel: "Cancel", back: "Back", next: "Next", remove: "Remove",
    months: "{{n}} months", pendingOrg: "Your organization is awaiting verification: you can edit drafts but not submit until it is verified.",
  },
  errors: { notFound: "Not found, or not visible to you.", forbidden: "Not allowed", generic: "Something went wrong", conflict: "Someone else changed this; reload and try again" },
  confirm: {
    withdrawChallenge: "Withdraw the challenge “{{title}}”? This cannot be undone.", withdrawBid: "Withdraw your bid on “{{title}}”?",
    award: "Confirm “{{org}}” as the winner of “{{title}}”? The project is created at once; this cannot be undone.",
    verify: "Verify the organization “{{name}}”?", disable: "Disable the account of {{name}}? Every session of it ends at once.",
    role: "Change the role of {{name}} to {{role}}?", move: "Move the project “{{title}}” to {{to}}?",
  },
  form: { required: "Required", email: "Enter a valid email address", password: "At least 10 characters", range: "Enter a number from {{min}} to {{max}}", atLeast: "Enter a number of at least {{min}}" },
  login: {
    intro: "Sign in with your organization account.", email: "Email", password: "Password", submit: "Sign in", register: "Register an organization", board: "Browse the challenge board",
  },
  register: {
    title: "Register an organization", organization: "Organization", user: "Contact account", submit: "Register", done: "Registered",
    pending: "An administrator will verify your organization; until then you can sign in and edit drafts.", haveAccount: "Have an account? Sign in",
  },
  org: { name: "Name", type: "Type", tier: "Enterprise tier", country: "Country code", creditCode: "Unified social credit code", district: "District" },
  orgType: { enterprise: "Enterprise", research_institute: "Research institute", university: "University", government: "Government", financial: "Financial institution", other: "Other" },
  tier: { tech_sme: "Tech SME", high_tech: "High-tech enterprise", little_giant: "Little giant", leader: "Technology leader" },
  creditCode: {
    length: "A credit code has 18 characters", lowercase: "Use upper-case letters", character: "Contains a character that is not allowed (no I, O, Z, S, V)",
    check: "The check character is wrong (GB 32100-2015): please check the code",
  },
  user: { name: "Name" },
  board: {
    title: "Challenge board", subtitle: "Enterprises pose problems, the bureau sets them up, solvers anywhere bid.", search: "Search challenges",
    status: "Status", field: "Field", category: "Category", cards: "Cards", table: "Table", deadlinePassed: "Closed",
    countdown: "Time left", left: "{{d}}d {{h}}h {{m}}m {{s}}s left",
  },
  status: {
    draft: "Draft", submitted: "Submitted", published: "Open", closed: "Closed", in_review: "In review", awarded: "Awarded", failed: "Failed",
    rejected: "Rejected", withdrawn: "Withdrawn", cancelled: "Cancelled", proposal: "Proposal", research: "Research", validation: "Validation",
    industrialization: "Industrialization", completed: "Completed", terminated: "Terminated", pending: "Pending", verified: "Verified", forming: "Forming",
    active: "Active", dissolved: "Dissolved", planned: "Planned", done: "Done", accepted: "Accepted", not_awarded: "Not awarded",
    invited: "Invited", declined: "Declined", left: "Left", removed: "Removed",
  },
  challenge: {
    title: "Title", new: "Post a challenge", edit: "Edit challenge", details: "Details", problem: "Problem", indicators: "Technical indicators",
    indicatorName: "Indicator", indicatorTarget: "Target", indicatorUnit: "Unit", addIndicator: "Add indicator", deliverables: "Deliverables",
    field: "Field", category: "Category", commitment: "Enterprise commitment", support: "Support requested", fundingCap: "Government funding cap",
    deadline: "Bid deadline", duration: "Duration (months)", trl: "Technology readiness", trlStart: "Starting TRL", trlTarget: "Target TRL",
    ipTerms: "IP and confidentiality terms", eligible: "Who may bid", global: "Open worldwide", status: "Status", bids: "Bids",
    bidCount: "{{n}} bids received (sealed until the deadline)", reason: "Reason", project: "View the project",
  },
  actions: {
    edit: "Edit", submit: "Submit", withdraw: "Withdraw", approve: "Approve", return: "Return", reject: "Reject",
    assignReviewers: "Assign experts", fail: "Mark failed", cancel: "Cancel challenge", bid: "Bid", answer: "Answer", ask: "Ask",
    propose: "Propose", confirmAward: "Confirm award", saveDraft: "Save draft", saveSubmit: "Save and submit", submitBid: "Submit bid",
    saveBid: "Save bid", saveScore: "Save score", submitScores: "Submit all scores", accept: "Accept", decline: "Decline", verify: "Verify",
  },
  done: {
    submitted: "Submitted", withdrawn: "Withdrawn", approved: "Approved and published", return: "Returned", reject: "Rejected", fail: "Marked failed",
    cancel: "Cancelled", assigned: "Experts assigned", proposed: "Winner proposed", projectProposed: "Project proposed", awarded: "Award confirmed; the project is created", asked: "Question sent",
    answered: "Answered", saved: "Saved", bid: "Bid submitted", scored: "Score saved", scoresSubmitted: "Scores submitted",
    conflict: "Conflict declared", moved: "Stage changed", verified: "Verified",
  },
  qa: { title: "Questions", q: "Q", a: "A", none: "No public answers yet", unanswered: "Awaiting an answer", answer: "Answer", ask: "Ask the enterprise (your identity stays hidden)" },
  bid: {
    title: "Bid", mine: "Our bid", stepSolution: "Solution", stepTeam: "Team and partners", stepBudget: "Budget and milestones",
    stepTerms: "IP terms", summary: "Summary", approach: "Technical approach", leadScientist: "Lead scientist", teamSize: "Team size",
    partners: "Partners", partnersHint: "Pick verified organizations", budget: "Budget", milestones: "Milestones", milestoneTitle: "Milestone",
    month: "Month", deliverable: "Deliverable", addMilestone: "Add milestone", accept: "We have read and accept the IP and confidentiality terms",
    mustAccept: "The terms must be accepted to bid", sealed: "Visible to your organization only until the deadline",
  },
  ranking: { title: "Ranking", organization: "Bidder", mean: "Mean total", scores: "Each expert's total" },
  review: {
    title: "Review workspace", todo: "To score", submitted: "Submitted", conflicted: "Stepped out", pick: "Pick a review", bidN: "Bid {{n}}",
    technical: "Technical merit", feasibility: "Feasibility", team: "Team", budget: "Budget", comment: "Comment", total: "Total",
    saved: "Saved", confirmSubmit: "Scores cannot change after submission. Submit?", declareConflict: "Declare a conflict",
    experts: "Experts (at least 3)", conflictHint: "Experts from the owner, a bidder or a bidder's partner are refused.",
  },
  mine: { title: "My challenges" },
  vetting: { title: "Vetting", submitted: "To vet", published: "Open", closed: "Needs experts", in_review: "In review" },
  projects: {
    title: "Project portfolio", search: "Search title or code", stage: "Stage", kanban: "Kanban", code: "Code", name: "Project",
    budget: "Budget", lead: "Lead", origin: "Origin", milestones: "Milestones", history: "Stage history", funding: "Funding",
    members: "Members", propose: "Propose a project", proposeHint: "Your organization leads the proposed key R&D project; once a program manager approves it, it enters R&D and gets its code.",
    summary: "Summary", budgetYuan: "Total budget (yuan)", trl: "Current technology readiness level (TRL)", submitProposal: "Submit proposal",
  },
  origin: { challenge: "Challenge award", application: "Application", consortium: "Consortium" },
  memberRole: { lead: "Lead", partner: "Partner", demand_side: "Demand side", scenario_provider: "Scenario provider", investor: "Investor" },
  gate: {
    title: "To enter {{to}}", none: "No further stage", noConditions: "No conditions", refused: "The move was refused; these conditions are not met:",
    setTRL: "Set TRL", to: "Move to", evidence: "Evidence", move: "Move",
  },
  milestone: { title: "Milestone", due: "Due", markDone: "Mark done", accept: "Accept", sendBack: "Send back", add: "Add milestone" },
  kpi: { name: "KPI", target: "Target", actual: "Actual", unit: "Unit", add: "Add KPI", record: "Record actual" },
  funding: {
    source: "Source", amount: "Amount", matching: "Matching", add: "Add funding", tranche: "Tranche milestone", untie: "Untie",
    untieTitle: "Untie the tranche from its milestone", untieWarning: "Once untied, this line no longer waits for milestone “{{milestone}}” to be accepted before it is disbursed. The change is recorded in the audit trail.",
    untieReason: "Reason for untying (required)",
  },
  source: { municipal: "Municipal", provincial: "Provincial", national: "National", enterprise: "Enterprise", investment: "Investment" },
  fundingStatus: { planned: "Planned", committed: "Committed", disbursed: "Disbursed" },
  consortia: {
    title: "Innovation consortia", new: "Found a consortium", invitations: "Invitations", name: "Name", model: "Model", lead: "Lead enterprise",
    members: "Members", description: "Description",
  },
  model: { task_oriented: "Task-oriented", equity_linked: "Equity-linked", grant_to_investment: "Grant-to-investment" },
  consortiumRole: { lead: "Lead", upstream: "Upstream", downstream: "Downstream", research: "Research", university: "University", finance: "Finance" },
  dashboard: {
    title: "Dashboard", year: "Year", projects: "Projects", share315: "Share in 315 fields", challenges: "Challenges", failureRate: "Failure rate",
    funnel: "Projects by stage", byField: "Projects by highland", target315: "Target 80%", funding: "Funding by source", challengeStatus: "Challenges by status",
  },
  io: {
    title: "Import / export", export: "Export to Excel", export_projects: "Export projects", export_challenges: "Export challenges", export_consortia: "Export consortia",
    import_projects: "Import projects", import_organizations: "Import organizations", template: "Download template", dryRun: "Check only (import nothing)",
    upload: "Upload an Excel file", working: "Working", checked: "All {{n}} rows can be imported", imported: "{{n}} rows imported",
    rejected: "The file has problems; nothing was imported:", where: "Where", cell: "Row {{row}}, column “{{column}}”", problem: "Problem",
  },
  users: { new: "New user", organization: "Organization", role: "Role", enabled: "Enabled" },
  audit: {
    action: "Action", verify: "Verify the hash chain", ok: "The chain holds: {{n}} records verified", broken: "The chain breaks at record {{seq}}: {{reason}}",
    time: "Time", entity: "Entity", role: "Role", anonymous: "Anonymous",
  },
  notifications: { title: "Notifications", readAll: "Mark all read", markRead: "Mark read" },
  notice: {
    "challenge.approved": "Your challenge \"{{title}}\" is approved and published", "challenge.returned": "Your challenge \"{{title}}\" was returned for changes",
    "challenge.rejected": "Your challenge \"{{title}}\" was rejected", "challenge.closed": "\"{{title}}\" has closed with {{bid_count}} bids",
    "challenge.ranking_ready": "The review of \"{{title}}\" is complete: the ranking is ready", "challenge.awarded": "\"{{title}}\" has been awarded",
    "challenge.failed": "\"{{title}}\" failed", "challenge.cancelled": "\"{{title}}\" was cancelled",
    "challenge.award_proposed": "A winner is proposed for \"{{title}}\": please confirm", "review.assigned": "You are invited to review \"{{title}}\"",
    "project.stage_changed": "Project \"{{title}}\" changed stage",
  },
};
