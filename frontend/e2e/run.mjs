// End-to-end test in Debian's Chromium (never a downloaded browser) against
// the real binary on the embedded database: an enterprise posts a challenge,
// a program manager approves it, two institutes bid, the deadline passes,
// three experts score, the manager awards, the enterprise confirms, the
// manager meets a refused gate and then moves the project through it, and
// the dashboard shows it. Screenshots go to test-artifacts/screenshots.
//
//   go build -tags testclock -o ../bin/portfolio-test ../cmd/portfolio   # a test build: the clock can be advanced
//   PORTFOLIO_BIN=../bin/portfolio-test node e2e/run.mjs
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { xlsx } from "./xlsx.mjs";
import { smtpSink } from "./smtp.mjs";

const bin = resolve(process.env.PORTFOLIO_BIN ?? "../bin/portfolio");
const shots = resolve(process.env.SCREENSHOTS ?? "../test-artifacts/screenshots");
const password = "Demo@2035yj";
// axe-core audits each page's text contrast (WCAG 2 AA) in the page itself.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(join(shots, "pages"), { recursive: true });

let currentPage;
let passed = 0;
let failed = 0;
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${e.stack ?? e}`);
    // What the page was saying: its toasts, dialogs and alerts.
    const said = await currentPage?.locator(".ant-message-notice, .ant-modal, .ant-alert, .ant-form-item-explain-error")
      .allInnerTexts().catch(() => []);
    if (said?.length) console.log(`    the page said: ${JSON.stringify(said)}`);
    console.log(`    at ${currentPage?.url()}`);
    await currentPage?.screenshot({ path: join(shots, "failure.png"), fullPage: true }).catch(() => {});
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { reported: true });
  }
}

function freePort() {
  return new Promise((res) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "portfolio-e2e-"));
// Notifications are e-mailed to a sink on loopback.
const sink = await smtpSink();
const server = spawn(bin, ["serve"], {
  env: { ...process.env, PORTFOLIO_ADDR: `127.0.0.1:${port}`, PORTFOLIO_DATA_DIR: dataDir, PORTFOLIO_DEMO: "1",
    PORTFOLIO_BCRYPT_COST: "4", PORTFOLIO_LOG_LEVEL: "warn", DATABASE_URL: "",
    PORTFOLIO_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PORTFOLIO_MAIL_FROM: "noreply@kcyj2035.local" },
  stdio: ["ignore", "inherit", "inherit"],
});
let browser;

async function api(path, { token, method = "GET", body } = {}) {
  const res = await fetch(base + "/api/v1" + path, {
    method, headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}
const token = async (email) => (await api("/auth/login", { method: "POST", body: { email, password } })).access_token;

try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base + "/readyz")).ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  currentPage = page;
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Every string the page received from the API is data (titles, names,
  // descriptions); everything else on the page is the app's own text.
  const dataStrings = new Set();
  page.on("response", async (res) => {
    if (!res.url().includes("/api/v1/") || !(res.headers()["content-type"] ?? "").includes("json")) return;
    const walk = (v) => {
      if (typeof v === "string") { if (/[\u3400-\u9fff]/.test(v)) dataStrings.add(v); }
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    try { walk(await res.json()); } catch { /* no body */ }
  });
  // untranslated lists the app's own visible text on the page that is still Chinese:
  // headings, labels, buttons, menus, tabs, table headers, tags, placeholders…
  async function untranslated() {
    await page.waitForLoadState("networkidle");
    const data = [...dataStrings].sort((a, b) => b.length - a.length);
    return page.evaluate((data) => {
      const cjk = /[\u3400-\u9fff]/;
      const sel = "h1, h2, h3, h4, h5, label, button, a, th, [role=tab], [role=menuitem], .ant-tag, .ant-card-head-title, " +
        ".ant-descriptions-item-label, .ant-statistic-title, .ant-steps-item-title, .ant-empty-description, " +
        ".ant-select-selection-placeholder, .ant-alert-message, .ant-list-item, .ant-typography, footer, .ant-segmented-item-label";
      const out = new Set();
      const check = (text) => {
        let rest = text;
        for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(" ");
        if (cjk.test(rest) && rest.trim() !== "中文") out.add(text.trim().slice(0, 80));
      };
      for (const el of document.querySelectorAll(sel)) {
        if (!el.checkVisibility()) continue;
        // the element's own text nodes only, so a container is not blamed for its children
        const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ").trim();
        if (own) check(own);
      }
      for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder], [aria-label]")) {
        if (!el.checkVisibility()) continue;
        check(el.getAttribute("placeholder") ?? "");
        check(el.getAttribute("aria-label") ?? "");
      }
      return [...out];
    }, data);
  }

  // The header of a signed-in user: the account menu, no sign-in button.
  async function signedInHeader() {
    await page.locator("header").getByRole("button", { name: /^(账户|Account)/ }).waitFor();
    if (await page.locator("header").getByRole("button", { name: /^(登\s*录|Sign in)$/ }).count()) {
      throw new Error("signed in, but the header still offers to sign in");
    }
  }

  // pageFrame checks the frame every page has: breadcrumbs, one h1, and a tab
  // title that starts with the heading.
  async function pageFrame() {
    const h1 = page.locator("h1");
    await h1.first().waitFor();
    if ((await h1.count()) !== 1) throw new Error(`${page.url()}: ${await h1.count()} h1 elements`);
    const heading = (await h1.innerText()).trim();
    const tab = await page.title();
    if (!tab.startsWith(heading + " · ")) throw new Error(`${page.url()}: tab title ${JSON.stringify(tab)} does not name the page ${JSON.stringify(heading)}`);
    if ((await page.locator(".ant-breadcrumb").count()) !== 1) throw new Error(`${page.url()}: no breadcrumbs`);
  }

  // openDialog clicks a button that opens a dialog and returns the dialog. A
  // click the page takes while it is still settling after a navigation can
  // be lost (the page remounts): then it clicks once more.
  async function openDialog(buttonName, dialogName) {
    const dialog = page.getByRole("dialog", { name: dialogName });
    for (let attempt = 1; ; attempt++) {
      await page.getByRole("button", { name: buttonName }).click();
      if (await dialog.waitFor({ timeout: 3000 }).then(() => true, () => false)) return dialog;
      if (attempt === 3) throw new Error(`the button ${buttonName} did not open the dialog ${dialogName}`);
    }
  }

  async function signIn(email) {
    await page.evaluate(() => localStorage.removeItem("kcyj2035.session"));
    await page.goto(base + "/login");
    await page.getByLabel(/^(邮箱|Email)$/).fill(email);
    await page.getByLabel(/^(密码|Password)$/).fill(password);
    await page.getByRole("button", { name: /^(登\s*录|Sign in)$/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  }
  // selectOption chooses an option and checks the select shows it. The list
  // may still be filling (reference data arriving) when it opens, so a click
  // that lands while it moves is tried again, at most three times.
  async function selectOption(label, option) {
    const input = page.getByLabel(label, { exact: true });
    const select = page.locator(".ant-select").filter({ has: input });
    for (let attempt = 1; ; attempt++) {
      await input.click();
      const target = page.locator(".ant-select-dropdown:visible").getByTitle(option, { exact: true }).first();
      // A long list renders only what is in view: a searchable one is narrowed by typing.
      const shown = await target.waitFor({ timeout: 3000 }).then(() => true, () => false);
      if (!shown && await select.evaluate((e) => e.classList.contains("ant-select-show-search"))) await page.keyboard.type(option);
      await target.click();
      const chosen = await select.filter({ hasText: option }).waitFor({ timeout: 3000 }).then(() => true, () => false);
      if (chosen) return;
      if (attempt === 3) throw new Error(`${label}: choosing ${option} did not take`);
    }
  }

  // fieldError is the message shown under the form field labelled label (in scope).
  // (A filter's inner locator is relative to the item: it starts from the page.)
  const fieldError = (label, scope = page) =>
    scope.locator(".ant-form-item").filter({ has: page.getByLabel(label, { exact: true }) }).locator(".ant-form-item-explain-error");

  const title = `港口岸桥智能防摇控制系统 ${Date.now() % 100000}`;
  let challengeId;
  let proposalId;

  await step("the public board shows the demo challenges in Chinese", async () => {
    await page.goto(base + "/board");
    await page.getByRole("heading", { name: "揭榜榜单" }).waitFor();
    await page.getByText("人形机器人高功率密度关节模组").waitFor();
    await page.screenshot({ path: join(shots, "board.png"), fullPage: true });
  });

  await step("signing in with each demo account lands on that role's workbench", async () => {
    // Each role's workbench shows its own counts (one per role checked here).
    const homes = {
      "admin@": "待认证的单位", "pm@": "待立题审核",
      "geely@": "待确认中榜", "orient@": "待答复的场景申请", "joyson@": "榜单草稿", "fund@": "联合体邀请", "newco@": "榜单草稿",
      "nbu@": "待揭晓的揭榜", "yjlab@": "已中榜", "nimte@": "未中榜", "ilt@": "在研项目",
      "expert1@": "待评审", "expert2@": "已完成评审", "expert3@": "待评审",
    };
    for (const [user, count] of Object.entries(homes)) {
      const [path, heading] = ["/workbench", "工作台"];
      await signIn(user + "demo.kcyj2035.cn");
      if (new URL(page.url()).pathname !== path) throw new Error(`${user} landed on ${page.url()}, want ${path}`);
      await page.getByRole("heading", { name: heading }).waitFor();
      // Signed in without a reload: the header knows the user at once.
      await signedInHeader();
      await pageFrame();
      await page.getByRole("link", { name: new RegExp(`^${count}: \\d+$`) }).waitFor();
    }
    // The side menu is the role's: an expert has no vetting queue, and opening
    // it anyway says 403; a visitor is sent to sign in and back.
    if (await page.getByRole("menuitem", { name: "立题审核" }).count()) throw new Error("an expert's menu offers vetting");
    await page.getByRole("menuitem", { name: "评审工作台" }).waitFor();
    await page.goto(base + "/vetting");
    await page.getByRole("heading", { name: "无权执行此操作" }).waitFor();
    await page.evaluate(() => localStorage.removeItem("kcyj2035.session"));
    await page.goto(base + "/projects");
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("next") === "/projects");
    await page.getByLabel(/^(邮箱|Email)$/).fill("pm@demo.kcyj2035.cn");
    await page.getByLabel(/^(密码|Password)$/).fill(password);
    await page.getByRole("button", { name: /^(登\s*录|Sign in)$/ }).click();
    await page.waitForURL((u) => u.pathname === "/projects");
    await page.getByRole("heading", { name: "项目组合" }).waitFor();
    // A detail page sits under its list in the breadcrumbs.
    await page.locator(".ant-table-row a").first().click();
    await page.locator(".ant-breadcrumb").getByRole("link", { name: "项目" }).waitFor();
    await pageFrame();
  });

  await step("an enterprise posts a challenge", async () => {
    await signIn("geely@demo.kcyj2035.cn");
    await page.goto(base + "/challenges/new");
    await page.getByLabel("榜单名称").fill(title);
    await page.getByLabel("技术难题").fill("岸桥吊具在大风下摇摆，影响装卸效率，需要智能防摇控制系统。");
    await page.getByLabel("指标").first().fill("摇摆幅度");
    await page.getByLabel("目标值").first().fill("≤ 5");
    await page.getByLabel("单位").first().fill("cm");
    await page.getByLabel("预期成果").fill("控制系统样机与现场测试报告");
    await selectOption("技术领域", "人工智能");
    await page.getByLabel("揭榜金额").fill("6000000");
    await page.getByLabel("申请政府支持").fill("3000000");
    await page.getByLabel("研发周期（月）").fill("18");
    await page.getByLabel("起始 TRL").fill("4");
    await page.getByLabel("目标 TRL").fill("7");
    await page.getByLabel("知识产权与保密条款").fill("成果归出题企业所有，揭榜方享有署名权。");
    await page.getByRole("button", { name: "保存并提交" }).click();
    await page.waitForURL(/\/challenges\/[0-9a-f-]{36}$/);
    challengeId = page.url().split("/").pop();
    await page.getByText("待审核").first().waitFor();
  });

  // The deadline: at least two minutes ahead, on a whole minute (the picker's precision).
  const deadline = new Date(Math.ceil((Date.now() + 180_000) / 60_000) * 60_000);
  const pad = (n) => String(n).padStart(2, "0");
  // Entered in Beijing time (the picker's zone, whatever the machine's).
  const bj = new Date(deadline.getTime() + 8 * 3600_000);
  const local = `${bj.getUTCFullYear()}-${pad(bj.getUTCMonth() + 1)}-${pad(bj.getUTCDate())} ${pad(bj.getUTCHours())}:${pad(bj.getUTCMinutes())}`;

  await step("a program manager approves it with a funding cap and a deadline", async () => {
    // No reload after signing in: from the workbench's count to the vetting
    // queue, then the challenge, by clicking.
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("link", { name: /^待立题审核: [1-9]\d*$/ }).click();
    await page.getByRole("heading", { name: "立题审核" }).waitFor();
    await page.getByRole("link", { name: title }).click();
    await page.getByRole("button", { name: "批准立题" }).click();
    await selectOption("项目类别", "关键技术突破");
    // Out of range is refused with a Chinese message on the field, never quietly capped.
    await page.getByLabel("政府资助上限").fill("60000000");
    await page.locator(".ant-modal").getByRole("button", { name: /确\s*定/ }).click();
    await page.locator(".ant-modal").getByText("请输入 0 至 50,000,000 之间的数").waitFor();
    await page.getByLabel("政府资助上限").fill("2000000");
    const picker = page.getByLabel("揭榜截止");
    await picker.click();
    await picker.fill(local);
    await picker.press("Enter");
    await page.locator(".ant-modal").getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("揭榜中").first().waitFor();
  });

  for (const [email, shot] of [["nbu@demo.kcyj2035.cn", true], ["yjlab@demo.kcyj2035.cn", false]]) {
    await step(`${email.split("@")[0]} bids in the multi-step form`, async () => {
      await signIn(email);
      await page.getByRole("menuitem", { name: "揭榜榜单" }).click();
      await page.getByRole("link", { name: title }).first().click();
      await page.getByRole("button", { name: "我要揭榜" }).click();
      await page.getByLabel("方案概要").fill("基于视觉测量与模型预测控制的岸桥防摇方案");
      await page.getByLabel("技术路线").fill("视觉测摆 + 模型预测控制 + 现场调试，分三阶段推进。");
      await page.getByRole("button", { name: /下一步/ }).click();
      await page.getByLabel("首席科学家").fill("张教授");
      await page.getByRole("button", { name: /下一步/ }).click();
      await page.getByLabel("申请预算").fill("5500000");
      await page.getByLabel("研发周期（月）").fill("18");
      await page.getByLabel("里程碑").first().fill("样机研制");
      // yjlab puts its milestone after the end of its plan: only the server knows the
      // rule, and its refusal takes the user back to that step, on that field, in Chinese.
      if (!shot) await page.getByLabel("第几月").first().fill("30");
      await page.getByRole("button", { name: /下一步/ }).click();
      await page.getByRole("checkbox").check();
      if (shot) await page.screenshot({ path: join(shots, "bid-form.png"), fullPage: true });
      await page.getByRole("button", { name: "提交揭榜申请" }).click();
      if (!shot) {
        await page.getByText("须在实施周期内（第 1 至 18 个月）").waitFor();
        await page.getByLabel("申请预算").waitFor(); // back on the budget step
        await page.getByLabel("第几月").first().fill("12");
        await page.getByText("须在实施周期内（第 1 至 18 个月）").waitFor({ state: "hidden" }); // a corrected field clears its error
        await page.getByRole("button", { name: /下一步/ }).click();
        await page.getByRole("button", { name: "提交揭榜申请" }).click();
      }
      await page.waitForURL(new RegExp(`/challenges/${challengeId}$`));
      await page.getByText("本单位的揭榜申请").waitFor();
      if (shot) {
        // The proposal (申报书) goes with the bid: dropped on the bid's card, with a progress bar.
        const card = page.locator(".ant-card").filter({ hasText: "本单位的揭榜申请" });
        await card.locator("input[type=file]").setInputFiles({ name: "岸桥防摇申报书.pdf", mimeType: "application/pdf",
          buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(300_000, 32), Buffer.from("\n%%EOF\n")]) });
        await page.getByText("已上传「岸桥防摇申报书.pdf」").waitFor();
        await card.getByText("岸桥防摇申报书.pdf").waitFor();
      }
    });
  }

  // A competition (以赛代评, 赛马) open until the same deadline: two review
  // rounds, the first shortlisting two bids, and two winners.
  const raceTitle = `港口集卡自动驾驶赛马 ${Date.now() % 100000}`;
  let race;
  const raceBids = {}; // organization key → bid
  await step("a manager sets up a competition in the approval dialog: two review rounds (weights checked) and two winners", async () => {
    const geely = await token("geely@demo.kcyj2035.cn");
    const c = await api("/challenges", { token: geely, method: "POST", body: {
      title: raceTitle, problem: "港区集卡在混合交通下的自动驾驶，需多支团队并行攻关、以赛代评。",
      indicators: [{ name: "接管间隔", target: "≥ 200", unit: "km" }], deliverables: "自动驾驶集卡样车与港区测试报告",
      field_id: "artificial_intelligence", enterprise_commitment: 4_000_000, requested_support: 2_000_000, duration_months: 12,
      ip_terms: "成果归出题企业所有。", trl_start: 4, trl_target: 7, eligible_org_types: ["research_institute", "university"], global: false,
    } });
    await api(`/challenges/${c.id}/submit`, { token: geely, method: "POST" });
    race = c.id;
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${race}`);
    await page.getByRole("button", { name: "批准立题" }).click();
    const modal = page.locator(".ant-modal");
    await selectOption("项目类别", "关键技术突破");
    await page.getByLabel("政府资助上限").fill("2000000");
    await page.getByLabel("最多中榜方案数（赛马）").fill("2");
    const picker = page.getByLabel("揭榜截止");
    await picker.click();
    await picker.fill(local);
    await picker.press("Enter");
    await modal.getByRole("button", { name: /添加评审轮次/ }).click();
    await modal.getByRole("button", { name: /添加评审轮次/ }).click();
    await page.getByLabel("第 1 轮名称").fill("初评");
    await page.getByLabel("第 1 轮权重").fill("40");
    await page.getByLabel("第 1 轮入围数量").fill("2");
    await page.getByLabel("第 2 轮名称").fill("答辩");
    await page.getByLabel("第 2 轮权重").fill("50");
    // Weights that do not make 100 are refused in words before anything is sent.
    await modal.getByRole("button", { name: /确\s*定/ }).click();
    await modal.getByText("各轮权重之和须为 100，现为 90").waitFor();
    await page.getByLabel("第 2 轮权重").fill("60");
    await modal.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("揭榜中").first().waitFor();
    await page.getByText("第 1 轮 初评 40%、第 2 轮 答辩 60%").waitFor();
  });

  await step("three organizations bid on the competition, one naming a partner; the partner confirms from its list", async () => {
    const orgOf = async (tok) => (await api("/me", { token: tok })).organization;
    const joyson = await orgOf(await token("joyson@demo.kcyj2035.cn"));
    for (const [who, summary, partners] of [["nbu", "激光雷达与视觉融合的港区集卡感知方案", [joyson.id]],
      ["yjlab", "车路协同的集卡编队行驶方案", []], ["nimte", "基于高精地图的集卡定位方案", []]]) {
      const tok = await token(`${who}@demo.kcyj2035.cn`);
      raceBids[who] = await api(`/challenges/${race}/bids`, { token: tok, method: "POST", body: {
        summary, approach: "仿真验证、封闭场地测试、港区试运行三步推进。", team: { lead_scientist: "李教授", size: 10 }, partner_ids: partners,
        budget: 3_000_000, duration_months: 12, milestones: [{ title: "样车", month: 6, deliverable: "样车一台" }], accept_terms: true,
      } });
      raceBids[who].org = (await orgOf(tok)).name;
    }
    await signIn("joyson@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "我的揭榜" }).click();
    const row = page.locator(".ant-card").filter({ hasText: "联合揭榜邀请" }).locator(".ant-table-row").filter({ hasText: raceTitle });
    await row.getByRole("button", { name: "确认参加" }).click();
    await page.getByText("已确认参加联合揭榜").waitFor();
    await row.getByText("已确认").waitFor();
    // The bidder sees its partner's answer on its own list.
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + "/my/bids");
    await page.locator(".ant-table-row").filter({ hasText: raceTitle }).getByText(`${joyson.name} · 已确认`).waitFor();
  });

  await step("the proposal is sealed with the bid: the owner and the manager cannot read it before the deadline", async () => {
    const nbu = await token("nbu@demo.kcyj2035.cn");
    const bid = (await api(`/challenges/${challengeId}/bids`, { token: nbu })).items[0];
    const doc = (await api(`/bids/${bid.id}/documents`, { token: nbu })).items[0];
    proposalId = doc.id;
    if (doc.name !== "岸桥防摇申报书.pdf" || doc.media_type !== "application/pdf") throw new Error(`stored as ${JSON.stringify(doc)}`);
    for (const email of ["geely@demo.kcyj2035.cn", "pm@demo.kcyj2035.cn", "yjlab@demo.kcyj2035.cn"]) {
      const res = await fetch(`${base}/api/v1/documents/${doc.id}/content`, { headers: { Authorization: `Bearer ${await token(email)}` } });
      if (res.status !== 404) throw new Error(`${email} read the sealed proposal: ${res.status}`);
    }
    const own = await fetch(`${base}/api/v1/documents/${doc.id}/content`, { headers: { Authorization: `Bearer ${nbu}`, Range: "bytes=0-7" } });
    if (own.status !== 206 || (await own.text()) !== "%PDF-1.7") throw new Error(`the bidder's own range read: ${own.status}`);
  });

  await step("the deadline passes: the board shows the challenge closed", async () => {
    // The server under test is a testclock build: its clock is moved past the
    // deadline instead of waiting for it (the browser keeps the real time).
    const advance = Math.max(0, deadline.getTime() + 1000 - Date.now());
    const res = await fetch(`${base}/_test/clock?advance=${advance}ms`, { method: "POST" });
    if (!res.ok) throw new Error(`the test clock: ${res.status} ${await res.text()} (build the binary with -tags testclock)`);
    await page.goto(base + `/challenges/${challengeId}`);
    await page.getByText("已截止").first().waitFor();
  });

  await step("the program manager assigns three experts", async () => {
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${challengeId}`);
    await page.getByRole("button", { name: "指派评审专家" }).click();
    // The suggested reviewers say why; one is chosen from there, the others from the list.
    const suggested = page.locator(".ant-card").filter({ hasText: "推荐评审专家" });
    await suggested.locator(".ant-list-item").filter({ hasText: "赵评审" }).getByText("专业方向与榜单技术领域一致").waitFor();
    await suggested.getByRole("button", { name: "选用 赵评审" }).click();
    await suggested.getByRole("button", { name: "已选 赵评审" }).waitFor();
    const select = page.getByLabel("评审专家（至少 3 位）");
    await select.click();
    for (const name of ["钱评审", "孙评审"]) {
      await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: name }).click();
    }
    // Close the list the way a hand does, by clicking the dialog's title: Escape
    // may reach the dialog too and close it, depending on timing.
    const dialog = page.getByRole("dialog", { name: "指派评审专家" });
    await dialog.locator(".ant-modal-title").click();
    await page.locator(".ant-select-dropdown:visible").waitFor({ state: "hidden" });
    for (const name of ["赵评审", "钱评审", "孙评审"]) await dialog.locator(".ant-select-selection-item").filter({ hasText: name }).waitFor();
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("评审中").first().waitFor();
  });

  for (const [i, email] of ["expert1@demo.kcyj2035.cn", "expert2@demo.kcyj2035.cn", "expert3@demo.kcyj2035.cn"].entries()) {
    await step(`expert ${i + 1} scores both bids and submits`, async () => {
      await signIn(email);
      await page.goto(base + "/reviews");
      await page.getByRole("listitem").filter({ hasText: title }).click();
      const cards = page.locator(".ant-card").filter({ hasText: "揭榜方案" });
      await cards.first().waitFor();
      const n = await cards.count();
      for (let b = 0; b < n; b++) {
        const card = cards.nth(b);
        await card.getByLabel("技术先进性 (0–40)").fill(String(36 - b * 4));
        await card.getByLabel("可行性 (0–30)").fill("25");
        await card.getByLabel("团队实力 (0–20)").fill("16");
        await card.getByLabel("预算合理性 (0–10)").fill("8");
        await card.getByText(`总分`).waitFor();
        // Expert 2 leaves the last card unsaved: submitting saves it first, and says so.
        if (i === 1 && b === n - 1) {
          await card.getByText("未保存").waitFor();
          continue;
        }
        await card.getByRole("button", { name: "保存评分" }).click();
        await card.getByText("已保存").waitFor();
      }
      if (i === 0) await page.screenshot({ path: join(shots, "review-workspace.png"), fullPage: true });
      await page.getByRole("button", { name: "提交全部评分" }).click();
      const confirm = page.locator(".ant-modal-confirm");
      if (i === 1) {
        await confirm.locator(".ant-modal-confirm-title").getByText("有 1 份评分尚未保存，将先保存再提交").waitFor();
        await confirm.getByRole("button", { name: "保存并提交" }).click();
      } else {
        await confirm.getByRole("button", { name: /确\s*定|OK/ }).click();
      }
      await page.getByText("评分已提交").waitFor();
    });
  }

  await step("the manager proposes the best bid and the enterprise confirms the award", async () => {
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${challengeId}`);
    await page.getByText("评审排名").waitFor();
    // The review's progress names each expert and who has submitted.
    await page.getByText("评审进度：3/3 位专家已提交").waitFor();
    // The bids are open now: the count no longer says they are sealed.
    await page.getByText("已收到 2 份揭榜申请", { exact: true }).waitFor();
    await page.getByRole("cell", { name: "赵评审" }).waitFor();
    await page.getByRole("button", { name: "提议中榜" }).first().click();
    await page.getByText("已提议中榜单位").waitFor();
    await signIn("geely@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${challengeId}`);
    await page.getByRole("button", { name: "确认中榜" }).click();
    // It asks first, naming the winner and the challenge.
    const pop = page.locator(".ant-popconfirm");
    await pop.getByText(new RegExp(`为「${title}」的中榜单位`)).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已挂帅").first().waitFor();
  });

  const expertTokens = {};
  const scoreRound = async (email, scores, round) => {
    const tok = expertTokens[email] ??= await token(email);
    for (const [who, technical] of Object.entries(scores)) {
      await api(`/bids/${raceBids[who].id}/score`, { token: tok, method: "PUT", body: { technical, feasibility: 25, team: 15, budget: 8, round } });
    }
    await api(`/challenges/${race}/scores/submit`, { token: tok, method: "POST", body: { round } });
  };
  const expertEmails = ["expert1@demo.kcyj2035.cn", "expert2@demo.kcyj2035.cn", "expert3@demo.kcyj2035.cn"];

  await step("以赛代评 round 1: the experts score, the manager closes the round on the round board, the shortlisted are told", async () => {
    const pm = await token("pm@demo.kcyj2035.cn");
    const experts = (await api("/users?role=expert&limit=100", { token: pm })).items.filter((u) => expertEmails.includes(u.email));
    await api(`/challenges/${race}/reviewers`, { token: pm, method: "POST", body: { user_ids: experts.map((u) => u.id) } });
    for (const email of expertEmails) await scoreRound(email, { nbu: 38, yjlab: 34, nimte: 25 }, 1);
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${race}`);
    await page.getByText("第 1 轮 初评").first().waitFor();
    await page.getByRole("button", { name: "结束第 1 轮并确定入围" }).click();
    const pop = page.locator(".ant-popconfirm");
    await pop.getByText(/结束第 1 轮（初评）？将按平均分确定前 2 名入围下一轮/).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("第 1 轮已结束，入围名单已确定").waitFor();
    await page.getByRole("button", { name: "结束第 1 轮并确定入围" }).waitFor({ state: "hidden" });
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + "/notifications");
    await page.getByText(new RegExp(`「${raceTitle}」的揭榜方案入围第 2 轮（答辩）`)).waitFor();
    const kinds = (await api("/notifications?limit=100", { token: await token("nimte@demo.kcyj2035.cn") })).items.map((n) => n.kind);
    if (kinds.includes("bid.shortlisted")) throw new Error("the bidder left out was told it was shortlisted");
  });

  await step("以赛代评 round 2: the defence panel sees only the shortlisted bids, under the round's name", async () => {
    const pm = await token("pm@demo.kcyj2035.cn");
    const experts = (await api("/users?role=expert&limit=100", { token: pm })).items.filter((u) => expertEmails.includes(u.email));
    await api(`/challenges/${race}/reviewers`, { token: pm, method: "POST", body: { user_ids: experts.map((u) => u.id), round: 2 } });
    await signIn(expertEmails[0]);
    await page.goto(base + "/reviews");
    await page.getByRole("listitem").filter({ hasText: raceTitle }).click();
    await page.getByText("第 2 轮 · 答辩").waitFor();
    const cards = page.locator(".ant-card").filter({ hasText: "揭榜方案" });
    await cards.first().waitFor();
    if ((await cards.count()) !== 2) throw new Error(`round 2 shows ${await cards.count()} bids, want the 2 shortlisted`);
    if (await page.getByText("基于高精地图的集卡定位方案").count()) throw new Error("round 2 shows the bid left out");
    // nbu's card names its partner, confirmed.
    await page.locator(".ant-card").filter({ hasText: "激光雷达与视觉融合" }).getByText("已确认").waitFor();
    for (let b = 0; b < 2; b++) {
      const card = cards.nth(b);
      const yj = (await card.innerText()).includes("车路协同");
      await card.getByLabel("技术先进性 (0–40)").fill(yj ? "39" : "30");
      await card.getByLabel("可行性 (0–30)").fill("25");
      await card.getByLabel("团队实力 (0–20)").fill("15");
      await card.getByLabel("预算合理性 (0–10)").fill("8");
      await card.getByRole("button", { name: "保存评分" }).click();
      await card.getByText("已保存").waitFor();
    }
    await page.getByRole("button", { name: "提交全部评分" }).click();
    await page.locator(".ant-modal-confirm").getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("评分已提交").waitFor();
    for (const email of expertEmails.slice(1)) await scoreRound(email, { nbu: 30, yjlab: 39 }, 2);
  });

  await step("赛马: the ranking weighs both rounds; the manager picks the two finalists, the owner confirms: a project each", async () => {
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${race}`);
    const ranking = page.locator(".ant-card").filter({ hasText: "评审排名" });
    await ranking.getByText("加权总分").waitFor();
    // The finalists first, by weighted total: yjlab (.4×82 + .6×87 = 85) before nbu (.4×86 + .6×78 = 81.2).
    const rows = ranking.locator(".ant-table-row");
    await rows.first().filter({ hasText: raceBids.yjlab.org }).getByText("85.00").waitFor();
    await rows.nth(1).filter({ hasText: raceBids.nbu.org }).getByText("81.20").waitFor();
    if (!(await page.getByRole("checkbox", { name: raceBids.nimte.org }).isDisabled())) throw new Error("the bid left out in round 1 can be picked");
    await page.getByRole("checkbox", { name: raceBids.yjlab.org }).check();
    await page.getByRole("checkbox", { name: raceBids.nbu.org }).check();
    await ranking.getByRole("button", { name: "提出中榜建议（已选 2，最多 2）" }).click();
    await page.getByText("已提议中榜单位").waitFor();
    await signIn("geely@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${race}`);
    await page.getByRole("button", { name: "确认中榜" }).click();
    const pop = page.locator(".ant-popconfirm");
    await pop.getByText(new RegExp(`确认「${raceTitle}」的 2 个方案中榜`)).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByRole("button", { name: "项目 1" }).waitFor();
    await page.getByRole("button", { name: "项目 2" }).waitFor();
    const kinds = (await api("/notifications?limit=100", { token: await token("nimte@demo.kcyj2035.cn") })).items.map((n) => n.kind);
    if (!kinds.includes("bid.not_awarded")) throw new Error(`the bidder left out in round 1 was not told the outcome: ${kinds}`);
  });

  await step("the award carries the bid's milestones and the challenge's indicators into the project; the proposal is open to the owner now", async () => {
    const geely = await token("geely@demo.kcyj2035.cn");
    const res = await fetch(`${base}/api/v1/documents/${proposalId}/content`, { headers: { Authorization: `Bearer ${geely}` } });
    if (res.status !== 200 || res.headers.get("etag")?.length !== 66) throw new Error(`the owner after the deadline: ${res.status} ${res.headers.get("etag")}`);
    if (!(res.headers.get("content-disposition") ?? "").includes("filename*=UTF-8''%E5%B2%B8")) throw new Error(`name: ${res.headers.get("content-disposition")}`);
    await signIn("nbu@demo.kcyj2035.cn");
    const pid = (await api(`/challenges/${challengeId}`, { token: await token("nbu@demo.kcyj2035.cn") })).project_id;
    await page.goto(base + `/projects/${pid}`);
    await page.getByRole("tab", { name: "里程碑" }).click();
    await page.getByRole("row").filter({ hasText: "样机研制" }).filter({ hasText: "计划中" }).waitFor();
    await page.getByRole("tab", { name: "KPI" }).click();
    await page.getByRole("row").filter({ hasText: "摇摆幅度" }).filter({ hasText: "≤ 5 cm" }).waitFor();
    await page.screenshot({ path: join(shots, "project-carried-over.png"), fullPage: true });
  });

  let projectId;
  await step("the manager sees a refused gate's checklist, then moves the project through it", async () => {
    const pm = await token("pm@demo.kcyj2035.cn");
    projectId = (await api(`/challenges/${challengeId}`, { token: pm })).project_id;
    const projectTitle = (await api(`/projects/${projectId}`, { token: pm })).title;
    // Evidence for the research gate, in the browser: the lead applies to a
    // scenario from its project's page …
    await signIn("nbu@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "项目" }).click();
    await page.getByRole("link", { name: projectTitle }).click();
    await page.getByRole("tab", { name: "应用场景" }).click();
    await page.getByRole("button", { name: "申请应用场景" }).click();
    let dialog = page.getByRole("dialog", { name: "申请应用场景" });
    await dialog.getByLabel("应用场景").click();
    await page.keyboard.type("梅山港区");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").first().click();
    await dialog.getByLabel("试验方案").fill("在梅山港区岸桥开展防摇控制试验。");
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已提交场景申请").waitFor();
    await page.getByRole("cell", { name: "待答复" }).waitFor();
    // … the manager's move is refused until the provider accepts and the TRL is 5 …
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("button", { name: "变更阶段" }).click();
    await page.getByText("阶段变更未通过").waitFor();
    // The refusal lists every unmet condition, in the page's language, from
    // the conditions' codes and params.
    await page.locator(".ant-alert").getByText("已有应用场景接纳本项目").waitFor();
    await page.locator(".ant-alert").getByText(/^技术成熟度至少 5 级（当前 \d 级）$/).waitFor();
    await page.screenshot({ path: join(shots, "project-gate-refused.png"), fullPage: true });
    // … the provider finds its scenario in the menu and accepts, asked first …
    await signIn("orient@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "应用场景" }).click();
    await page.getByPlaceholder("搜索场景名称或说明").fill("梅山港区");
    await page.getByPlaceholder("搜索场景名称或说明").press("Enter");
    await page.locator(".ant-table-row a").first().click();
    const row = page.getByRole("row").filter({ hasText: projectTitle });
    await row.getByRole("button", { name: /^接\s*纳$/ }).click();
    const pop = page.locator(".ant-popconfirm");
    await pop.getByText(`接纳项目「${projectTitle}」进入本场景试验？`).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await row.getByText("已接纳").waitFor();
    await page.screenshot({ path: join(shots, "scenario.png"), fullPage: true });
    // … the lead marks the plan's research milestone done …
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    const planned = page.getByRole("row").filter({ hasText: "样机研制" });
    await planned.getByRole("button", { name: "标记完成" }).click();
    await planned.getByText("已完成").waitFor();
    // … and the manager moves the project on.
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByLabel("TRL").fill("5");
    await page.getByRole("button", { name: "设置 TRL" }).click();
    await page.getByText("已保存").first().waitFor();
    await page.reload();
    await page.getByLabel("依据材料").fill("样机测试报告与场景接收函");
    await page.getByRole("button", { name: "变更阶段" }).click();
    await page.getByText("阶段已变更").waitFor();
    await page.getByText("场景验证").first().waitFor();
    await page.screenshot({ path: join(shots, "project.png"), fullPage: true });
  });

  await step("the manager adds a milestone, a funding line and a member in the browser; refused entries say why on their fields", async () => {
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "项目" }).click();
    await page.getByRole("link", { name: (await api(`/projects/${projectId}`, { token: await token("pm@demo.kcyj2035.cn") })).title }).click();
    // A milestone: the empty form is refused in Chinese on each field; the
    // completed one is added and the form is cleared.
    await page.getByRole("tab", { name: "里程碑" }).click();
    await page.getByRole("button", { name: "添加里程碑" }).click();
    await fieldError("里程碑").getByText("必填").waitFor();
    await fieldError("截止日期").getByText("必填").waitFor();
    const milestoneTitle = page.getByRole("textbox", { name: "里程碑", exact: true });
    await milestoneTitle.fill("岸桥防摇中试验收");
    await page.getByLabel("截止日期", { exact: true }).click();
    await page.keyboard.type("2027-09-30");
    await page.keyboard.press("Enter");
    await fieldError("里程碑").waitFor({ state: "detached" }); // a corrected field clears its error
    await page.getByRole("button", { name: "添加里程碑" }).click();
    await page.getByRole("cell", { name: "岸桥防摇中试验收" }).waitFor();
    if ((await milestoneTitle.inputValue()) !== "") throw new Error("the milestone form was not cleared");
    // A funding line: below 1 is refused here; above the municipal cap the
    // server refuses it, and its reason lands on the amount, in Chinese.
    await page.getByRole("tab", { name: "资金" }).click();
    const amount = page.getByLabel("金额", { exact: true });
    await amount.fill("0");
    await page.getByRole("button", { name: "添加资金" }).click();
    await fieldError("金额").getByText("请输入不小于 1 的数").waitFor();
    await amount.fill("60000000");
    await page.getByRole("button", { name: "添加资金" }).click();
    await fieldError("金额").getByText(/^单个项目市级财政资助最高/).waitFor();
    if ((await amount.inputValue()).replace(/\D/g, "") !== "60000000") throw new Error("a refused amount was changed or cleared");
    // A matching line beyond the national and provincial funds (none yet) is
    // refused on the matching flag; a tranche tied to the milestone is added.
    await amount.fill("500000");
    await page.getByRole("checkbox", { name: "配套", exact: true }).check();
    await page.getByRole("button", { name: "添加资金" }).click();
    await fieldError("配套").getByText(/^市级配套资金不能超过国家级与省级资金之和（1:1 配套）/).waitFor();
    await page.getByRole("checkbox", { name: "配套", exact: true }).uncheck();
    await selectOption("分期拨付里程碑", "岸桥防摇中试验收");
    await page.getByRole("button", { name: "添加资金" }).click();
    await page.getByRole("row").filter({ hasText: "市级财政" }).filter({ hasText: "¥500,000" }).filter({ hasText: "岸桥防摇中试验收" }).waitFor();
    // A member, picked by searching the organizations on the server.
    await page.getByRole("tab", { name: "参与单位" }).click();
    await page.getByRole("button", { name: "添加成员" }).click();
    await fieldError("参与单位名称").getByText("必填").waitFor();
    await selectOption("参与单位名称", "宁波市天使投资引导基金");
    await selectOption("角色", "投资方");
    await page.getByRole("button", { name: "添加成员" }).click();
    await page.getByRole("listitem").filter({ hasText: "宁波市天使投资引导基金 · 投资方" }).waitFor();
    // The milestone's life: the lead marks it done, the manager sends it back
    // once, the lead marks it done again and the manager accepts it.
    const projectTitle = (await api(`/projects/${projectId}`, { token: await token("pm@demo.kcyj2035.cn") })).title;
    const milestone = async (who, button, status) => {
      await signIn(who);
      await page.getByRole("menuitem", { name: "项目" }).click();
      await page.getByRole("link", { name: projectTitle }).click();
      const row = page.getByRole("row").filter({ hasText: "岸桥防摇中试验收" });
      await row.getByRole("button", { name: button }).click();
      await row.getByText(status).waitFor();
    };
    await milestone("nbu@demo.kcyj2035.cn", "标记完成", "已完成");
    await milestone("pm@demo.kcyj2035.cn", /^退\s*回$/, "计划中");
    await milestone("nbu@demo.kcyj2035.cn", "标记完成", "已完成");
    await milestone("pm@demo.kcyj2035.cn", "验收通过", "已验收");
  });

  await step("the lead asks for a larger budget with a justification; the manager approves it and it applies at once", async () => {
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "变更" }).click();
    const dialog = await openDialog("提出变更申请", "提出变更申请");
    await dialog.getByLabel("理由").fill("增加第二台岸桥的场景试验");
    await dialog.getByLabel(/^调整后的预算/).fill("10000000");
    await dialog.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("变更申请已提交").waitFor();
    const card = page.locator(".ant-card").filter({ hasText: "增加第二台岸桥的场景试验" });
    await card.getByText("预算调整为 ¥10,000,000").waitFor();
    await card.locator("input[type=file]").setInputFiles({ name: "变更说明.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n变更说明\n%%EOF\n") });
    await card.getByText("变更说明.pdf").waitFor();
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "变更" }).click();
    await page.getByRole("button", { name: /^批\s*准$/ }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("变更已批准并生效").waitFor();
    await page.locator(".ant-descriptions").first().getByText("¥10,000,000", { exact: true }).waitFor();
  });

  await step("the manager unties a tranche from its milestone, giving a reason", async () => {
    const pm = await token("pm@demo.kcyj2035.cn");
    const m = await api(`/projects/${projectId}/milestones`, { token: pm, method: "POST",
      body: { title: "岸桥防摇样机验收", due_date: "2027-06-30", stage: "validation" } });
    await api(`/projects/${projectId}/funding`, { token: pm, method: "POST",
      body: { source: "national", amount: 1000000, status: "committed", milestone_id: m.id } });
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "资金" }).click();
    await page.getByRole("cell", { name: /岸桥防摇样机验收/ }).waitFor();
    await page.getByRole("row").filter({ hasText: "岸桥防摇样机验收" }).getByRole("button", { name: "解除绑定" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("解除绑定的理由（必填）").fill("样机验收改为年度考核，按年度拨付");
    await dialog.getByRole("button", { name: "解除绑定" }).click();
    await page.getByText("已保存").first().waitFor();
    await page.getByRole("cell", { name: /岸桥防摇样机验收/ }).waitFor({ state: "detached" });
    // Untied, the committed line is disbursed in two payments; more than it holds is refused, naming the excess …
    const national = page.getByRole("row").filter({ hasText: "国家级" }).filter({ hasText: "¥1,000,000" });
    const pay = async (amount) => {
      await national.getByRole("button", { name: /拨\s*付/ }).click();
      const dialog = page.getByRole("dialog", { name: "拨付资金" });
      await dialog.getByLabel("金额").fill(amount);
      await dialog.getByRole("button", { name: /拨\s*付/ }).click();
      return dialog;
    };
    await pay("600000");
    await page.getByText("已记录拨付").waitFor();
    const refused = await pay("400001");
    await refused.getByText(/超出该资金条目 1,000,000 元共 1 元/).waitFor();
    await refused.getByLabel("金额").fill("400000");
    await refused.getByRole("button", { name: /拨\s*付/ }).click();
    await national.getByText("已拨付").waitFor();
    // … and a committed municipal line is converted (拨改投) to an investment, the old line shown as replaced.
    await api(`/projects/${projectId}/funding`, { token: pm, method: "POST", body: { source: "municipal", amount: 800000, status: "committed" } });
    await page.reload();
    await page.getByRole("tab", { name: "资金" }).click();
    const municipal = page.getByRole("row").filter({ hasText: "市级财政" }).filter({ hasText: "¥800,000" });
    await municipal.getByRole("button", { name: "拨改投" }).click();
    const convert = page.getByRole("dialog", { name: "拨改投：转为投资" });
    await convert.getByLabel("投资方（已认证的金融机构）").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "宁波市天使投资引导基金" }).click();
    await convert.getByRole("button", { name: "拨改投" }).click();
    await page.getByRole("row").filter({ hasText: "¥800,000" }).filter({ hasText: "已拨改投" }).waitFor();
    await page.getByRole("row").filter({ hasText: "投资（拨改投）" }).filter({ hasText: "宁波市天使投资引导基金" }).waitFor();
    const audit = await api(`/audit?action=funding.untie`, { token: pm });
    if (!audit.items.some((r) => JSON.stringify(r.changes).includes("按年度拨付"))) throw new Error("the untie is not in the audit trail");
    // The trail in the app reads as words: the action, who for which organization, a link to the project.
    await page.getByRole("menuitem", { name: "审计日志" }).click();
    await selectOption("操作", "解除分期绑定");
    const record = page.getByRole("row").filter({ hasText: "解除分期绑定" }).first();
    await record.getByText("王立题").waitFor();
    await record.getByText("宁波市科学技术局").waitFor();
    await record.getByText("资金", { exact: true }).waitFor();
  });

  await step("the manager sets an interim report; the lead submits it with a document and the KPI's actual; the manager accepts it", async () => {
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "报告" }).click();
    await page.getByLabel("报告名称").fill("2026 年度中期检查");
    await page.locator("#report-duty_due_date").click();
    await page.keyboard.type("2099-06-30");
    await page.keyboard.press("Enter"); // submits, as the button does
    const set = page.getByText("已布置报告任务");
    if (!await set.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      await page.getByRole("button", { name: "布置报告" }).click();
      await set.waitFor();
    }
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "报告" }).click();
    const card = page.locator(".ant-card").filter({ hasText: "2026 年度中期检查" });
    await card.locator("input[type=file]").setInputFiles({ name: "中期检查报告.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n中期\n%%EOF\n") });
    await card.getByText("中期检查报告.pdf").waitFor();
    await card.getByRole("button", { name: "提交报告" }).click();
    const dialog = page.getByRole("dialog", { name: "2026 年度中期检查" });
    await dialog.getByLabel("报告正文").fill("防摇控制算法完成两轮现场调试，摆幅降至 4 cm。");
    await dialog.getByLabel("本期支出（元）").fill("1800000");
    await dialog.getByLabel(/^摇摆幅度/).fill("4");
    await dialog.getByRole("button", { name: "提交报告" }).click();
    await page.getByText("报告已提交").waitFor();
    await page.getByRole("tab", { name: "KPI" }).click();
    await page.getByRole("row").filter({ hasText: "摇摆幅度" }).filter({ hasText: "4 cm" }).filter({ hasText: "100%" }).waitFor();
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "报告" }).click();
    await page.getByRole("button", { name: /^通\s*过$/ }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("报告已通过").waitFor();
  });

  await step("the lead records a landmark patent; the dashboard's figures count it", async () => {
    const pm = await token("pm@demo.kcyj2035.cn");
    const before = (await api("/portfolio/summary", { token: pm })).outputs;
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "成果" }).click();
    await page.getByLabel("成果名称").fill("一种岸桥吊具防摇控制方法");
    await page.getByLabel("编号/DOI").fill("CN202610000001.X");
    await page.getByRole("checkbox", { name: "标志性成果" }).check();
    // The date last: Enter in the picker submits the form, as the button does.
    await page.getByLabel("日期", { exact: true }).click();
    await page.keyboard.type("2026-11-20");
    await page.keyboard.press("Enter");
    const recorded = page.getByText("成果已登记");
    if (!await recorded.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      await page.getByRole("button", { name: "登记成果" }).click();
      await recorded.waitFor();
    }
    await page.getByRole("row").filter({ hasText: "一种岸桥吊具防摇控制方法" }).filter({ hasText: "标志性成果" }).waitFor();
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "数据看板" }).click();
    const stat = (name) => page.locator(".ant-statistic").filter({ hasText: name }).locator(".ant-statistic-content-value");
    await stat("成果总数").getByText(String(before.total + 1), { exact: true }).waitFor();
    await stat("标志性成果").getByText(String(before.landmark + 1), { exact: true }).waitFor();
    // The year's targets: the manager sets one; the card shows it against the actual as a progress bar.
    const dialog = await openDialog("设置目标", /年度目标$/);
    await dialog.getByLabel("标志性成果").fill("20");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden" });
    const card = page.locator(".ant-card").filter({ hasText: "年度目标" });
    await card.locator(".ant-list-item").filter({ hasText: "/ 20" }).filter({ hasText: "标志性成果" }).locator(".ant-progress").waitFor();
  });

  await step("the lead records a passed trial; the manager moves the project through industrialization to completed", async () => {
    await signIn("nbu@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${projectId}`);
    await page.getByRole("tab", { name: "应用场景" }).click();
    await page.getByRole("button", { name: "登记试验结果" }).click();
    const dialog = page.getByRole("dialog", { name: "登记试验结果" });
    await dialog.getByLabel("试验结果").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "通过" }).first().click();
    await dialog.getByLabel("试验报告").fill("梅山港区岸桥防摇试验：大风工况下摆幅 ≤ 5 cm，达到指标。");
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已登记试验结果").waitFor();
    await signIn("pm@demo.kcyj2035.cn");
    for (const [trl, to, evidence] of [["7", "产业化应用", "场景试验报告"], ["8", "验收完成", "验收意见：各项指标均已达到，同意验收。"]]) {
      await page.goto(base + `/projects/${projectId}`);
      await page.getByLabel("TRL").fill(trl);
      await page.getByRole("button", { name: "设置 TRL" }).click();
      await page.getByText("已保存").first().waitFor();
      await page.reload();
      await page.getByLabel("依据材料").fill(evidence);
      await page.getByRole("button", { name: "变更阶段" }).click();
      await page.getByText("阶段已变更").waitFor();
      await page.locator(".ant-tag").getByText(to).first().waitFor();
    }
  });

  await step("an institute proposes a project and records a KPI", async () => {
    await signIn("nimte@demo.kcyj2035.cn");
    await page.goto(base + "/projects");
    await page.getByRole("button", { name: "申报项目" }).click();
    await page.waitForURL(/\/projects\/new$/);
    await page.getByLabel("项目名称", { exact: true }).fill("钠离子电池正极材料中试");
    await page.getByLabel("项目简介").fill("建设百吨级钠离子电池层状氧化物正极材料中试线，完成车规级验证。");
    await selectOption("项目类别", "关键技术突破");
    await selectOption("技术领域", "人工智能");
    await page.getByLabel("总预算（元）").fill("8000000");
    await page.getByLabel("当前技术成熟度（TRL）").fill("4");
    await page.getByRole("button", { name: "提交申报" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "钠离子电池正极材料中试" }).waitFor();
    await page.getByRole("tab", { name: "KPI" }).click();
    await page.getByLabel("指标", { exact: true }).fill("循环寿命");
    await page.getByLabel("目标", { exact: true }).fill("3000");
    await page.getByLabel("单位", { exact: true }).fill("次");
    await page.getByRole("button", { name: "添加 KPI" }).click();
    await page.getByRole("cell", { name: "循环寿命" }).waitFor();
    await page.getByLabel("实际 · 循环寿命").fill("1200");
    await page.getByRole("button", { name: "记录实际值" }).click();
    await page.getByText("已保存").first().waitFor();
    await page.reload();
    await page.getByRole("tab", { name: "KPI" }).click();
    // Kept, with its progress (1,200 of ≥ 3,000) …
    const row = page.getByRole("row").filter({ hasText: "循环寿命" });
    await row.filter({ hasText: "1200 次" }).filter({ hasText: "40%" }).waitFor();
    // … and its history as a chart, opened from the row.
    await row.getByRole("button", { name: /展开|Expand/ }).click();
    await page.getByRole("img", { name: "「循环寿命」的实际值变化" }).waitFor();
  });

  await step("a consortium is founded, joined, declined, approved, a member removed, one leaves and it is dissolved, each weighty step asked first", async () => {
    const name = `甬江智能港口创新联合体 ${Date.now() % 100000}`;
    await signIn("geely@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    let dialog = await openDialog("组建创新联合体", "组建创新联合体");
    await dialog.getByLabel("名称").fill(name);
    await dialog.getByLabel("组建模式").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "股权纽带" }).click();
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByRole("heading", { name }).waitFor();
    for (const [org, share] of [["宁波大学", "30"], ["甬江实验室", "20"]]) {
      dialog = await openDialog("邀请成员", "邀请成员");
      await dialog.getByLabel("单位").click();
      await page.keyboard.type(org);
      await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: org }).first().click();
      await dialog.getByLabel("角色").click();
      await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "科研" }).click();
      await dialog.getByLabel("股权比例（%）").fill(share);
      await dialog.getByRole("button", { name: /确\s*定/ }).click();
      await page.getByText("已发出邀请").first().waitFor();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("row").filter({ hasText: org }).getByText("已邀请").waitFor();
    }
    // One accepts, one declines (asked first).
    await signIn("nbu@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    await page.getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: /接\s*受/ }).click();
    await page.getByText("已保存").first().waitFor();
    await signIn("yjlab@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    await page.getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: /婉\s*拒/ }).click();
    let pop = page.locator(".ant-popconfirm");
    await pop.getByText(`婉拒加入创新联合体「${name}」的邀请？`).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已保存").first().waitFor();
    // The manager approves it, asked first.
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    await page.getByRole("link", { name }).click();
    await page.getByRole("button", { name: /^批\s*准$/ }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText(`批准创新联合体「${name}」？`, { exact: false }).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.locator(".ant-space").filter({ has: page.locator("h1") }).first().locator(".ant-tag").getByText("运行中").waitFor();
    // The lead sees the equity table, removes a member (asked first), and the history keeps everyone.
    await signIn("geely@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    await page.getByRole("link", { name }).click();
    await page.getByText("股权结构").waitFor();
    await page.getByRole("cell", { name: "30%" }).first().waitFor();
    await page.getByRole("row").filter({ hasText: "宁波大学" }).last().getByRole("button", { name: /移\s*出/ }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText(`将「宁波大学」移出创新联合体「${name}」？`).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已保存").first().waitFor();
    await page.getByRole("switch", { name: "显示已退出的成员" }).click();
    await page.getByText("成员变动记录").waitFor();
    await page.getByRole("row").filter({ hasText: "宁波大学" }).getByText("已移出").waitFor();
    await page.getByRole("row").filter({ hasText: "甬江实验室" }).getByText("已婉拒").waitFor();
    await page.screenshot({ path: join(shots, "consortium.png"), fullPage: true });
    // A member leaves, asked first …
    const consortiumId = new URL(page.url()).pathname.split("/").pop();
    const lead = await token("geely@demo.kcyj2035.cn");
    const nimte = (await api(`/organizations?q=${encodeURIComponent("宁波材料技术")}`, { token: lead })).items[0];
    const invitation = await api(`/consortia/${consortiumId}/invitations`, { token: lead, method: "POST",
      body: { organization_id: nimte.id, role: "research", equity_share: 10 } });
    await api(`/invitations/${invitation.id}/accept`, { token: await token("nimte@demo.kcyj2035.cn"), method: "POST" });
    await signIn("nimte@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    await page.getByRole("link", { name }).click();
    await page.getByRole("button", { name: "退出联合体" }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText(`退出创新联合体「${name}」？`).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已保存").first().waitFor();
    await page.getByRole("button", { name: "退出联合体" }).waitFor({ state: "detached" });
    // … and the manager dissolves the consortium, asked first, naming it.
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "创新联合体" }).click();
    await page.getByRole("link", { name }).click();
    await page.getByRole("button", { name: "解散联合体" }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText(`解散创新联合体「${name}」？解散后不能恢复。`).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.locator(".ant-space").filter({ has: page.locator("h1") }).first().locator(".ant-tag").getByText("已解散").waitFor();
    const history = await api(`/consortia/${consortiumId}/members?history=true`, { token: lead });
    if (!history.items.some((m) => m.organization_id === nimte.id && m.status === "left")) throw new Error("the member who left is not in the history");
  });

  await step("an admin keeps the field taxonomy: refused entries say why, a new field appears under its parent", async () => {
    await signIn("admin@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "技术领域" }).click();
    const dialog = await openDialog("新增领域", "新增领域");
    await dialog.getByLabel("编号").fill("9号领域");
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await fieldError("编号", dialog).getByText("2–40 位小写字母、数字或下划线，以字母开头").waitFor();
    await fieldError("名称", dialog).getByText("必填").waitFor();
    const id = `ocean_sensing_${Date.now() % 100000}`;
    await dialog.getByLabel("编号").fill(id);
    await selectOption("所属科创高地（一级领域）", "新材料");
    await dialog.getByLabel("名称", { exact: true }).fill("海洋传感材料");
    await dialog.getByLabel("英文名称").fill("Ocean sensing materials");
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row").filter({ hasText: id });
    await row.getByText("海洋传感材料").waitFor();
    await row.getByRole("switch").click();
    await page.getByText("已保存").first().waitFor();
    const fields = await api("/fields", { token: await token("admin@demo.kcyj2035.cn") });
    const made = fields.items.find((f) => f.id === id);
    if (!made || made.parent_id !== "new_materials" || !made.priority_315) throw new Error(`the new field is ${JSON.stringify(made)}`);
  });

  await step("every other weighty action asks first, naming its object: withdraw, reject a proposal, return/reject/cancel/fail a challenge, verify, change a role, disable", async () => {
    // An enterprise withdraws a draft.
    const geely = await token("geely@demo.kcyj2035.cn");
    const draftTitle = `待撤回的榜单 ${Date.now() % 100000}`;
    const draft = await api("/challenges", { token: geely, method: "POST", body: { title: draftTitle } });
    await signIn("geely@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "我的榜单" }).click();
    await page.getByRole("link", { name: draftTitle }).click();
    await page.getByRole("button", { name: /^撤\s*回$/ }).click();
    let pop = page.locator(".ant-popconfirm");
    await pop.getByText(`撤回榜单「${draftTitle}」？撤回后不能恢复。`).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.locator(".ant-tag").getByText("已撤回").first().waitFor();
    if ((await api(`/challenges/${draft.id}`, { token: geely })).status !== "withdrawn") throw new Error("the draft was not withdrawn");
    // A manager's move other than forward (here: rejecting a proposal) asks first; cancelled, nothing moves.
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "项目" }).click();
    await page.getByRole("link", { name: "钠离子电池正极材料中试" }).click();
    await selectOption("变更为", "未通过");
    await page.getByRole("button", { name: "变更阶段" }).click();
    const confirm = page.locator(".ant-modal-confirm");
    await confirm.locator(".ant-modal-confirm-title").getByText("将项目「钠离子电池正极材料中试」变更为「未通过」？").waitFor();
    await confirm.getByRole("button", { name: /取\s*消/ }).click();
    await confirm.waitFor({ state: "detached" });
    await page.locator(".ant-tag").getByText("申报").first().waitFor();
    // Returning, rejecting or cancelling a submitted challenge and failing one in review each open a
    // dialog naming the action that will not go on without a reason; cancelled, nothing changes.
    for (const [challenge, actions] of [["车规级毫米波雷达天线罩透波材料", ["退回修改", "不予立题", "撤榜"]], ["固态电池电解质界面稳定性提升", ["流榜", "撤榜"]]]) {
      await page.getByRole("menuitem", { name: "揭榜榜单" }).click();
      await page.getByPlaceholder("搜索榜单（支持中文）").fill(challenge);
      await page.getByPlaceholder("搜索榜单（支持中文）").press("Enter");
      await page.getByRole("link", { name: challenge }).click();
      for (const action of actions) {
        // (antd spaces a two-character button: 撤 榜)
        const dialog = await openDialog(new RegExp(`^${[...action].join("\\s*")}$`), action);
        await dialog.getByRole("button", { name: /确\s*定/ }).click();
        await fieldError("理由", dialog).getByText("必填").waitFor();
        await dialog.getByRole("button", { name: /取\s*消/ }).click();
        await dialog.waitFor({ state: "hidden" });
      }
    }
    // An admin verifies an organization, changes a role (cancelled) and disables an account, each asked first.
    await signIn("admin@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "单位管理" }).click();
    const newco = page.getByRole("row").filter({ hasText: "宁波智造未来科技有限公司" });
    await newco.getByRole("button", { name: /^认\s*证$/ }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText("认证单位「宁波智造未来科技有限公司」？").waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await newco.getByText("已认证").waitFor();
    await page.getByRole("menuitem", { name: "用户管理" }).click();
    await page.getByPlaceholder("搜索姓名或邮箱").fill("newco@");
    await page.getByPlaceholder("搜索姓名或邮箱").press("Enter");
    const user = page.getByRole("row").filter({ hasText: "吴新创" });
    await user.getByRole("cell", { name: "宁波智造未来科技有限公司" }).waitFor();
    await user.getByLabel("角色").click();
    await page.locator(".ant-select-dropdown:visible").getByTitle("评审专家", { exact: true }).click();
    const roleConfirm = page.locator(".ant-modal-confirm");
    await roleConfirm.locator(".ant-modal-confirm-title").getByText("将「吴新创」的角色改为「评审专家」？").waitFor();
    await roleConfirm.getByRole("button", { name: /取\s*消/ }).click();
    await roleConfirm.waitFor({ state: "detached" });
    await user.locator(".ant-select-content[title='企业']").waitFor();
    await user.getByRole("switch", { name: "启用" }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText("停用「吴新创」的账号？其所有登录将立即失效。").waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已保存").first().waitFor();
    await user.locator(".ant-switch:not(.ant-switch-checked)").waitFor();
    await user.getByRole("switch", { name: "启用" }).click(); // enabling again asks nothing
    await user.locator(".ant-switch.ant-switch-checked").waitFor();
  });

  await step("an expert declares expertise; the owner of a published challenge sees suggested bidders with their reasons", async () => {
    await signIn("expert2@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "研究方向" }).click();
    await page.getByRole("heading", { name: "研究方向与专长" }).waitFor();
    const card = page.locator(".ant-card").filter({ hasText: "我的专业方向" });
    await card.locator(".ant-select-selection-item").filter({ hasText: "智能制造装备" }).waitFor(); // the demo's
    await card.getByLabel("技术领域").click();
    await page.keyboard.type("海洋新材料");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "海洋新材料" }).click();
    await card.locator(".ant-card-head-title").click();
    await card.getByRole("button", { name: /^保\s*存$/ }).click();
    await page.getByText("已保存").first().waitFor();
    const geely = await token("geely@demo.kcyj2035.cn");
    const me = await api("/me", { token: geely });
    const open = (await api("/challenges?status=published&limit=50", { token: geely })).items.find((c) => c.owner_id === me.organization.id);
    if (!open) throw new Error("no published demo challenge of geely's");
    await signIn("geely@demo.kcyj2035.cn");
    await page.goto(base + `/challenges/${open.id}`);
    const suggested = page.locator(".ant-card").filter({ hasText: "推荐揭榜单位" });
    await suggested.locator(".ant-list-item").first().waitFor();
    await suggested.locator(".ant-tag").first().waitFor();
    if (await suggested.getByText(me.organization.name).count()) throw new Error("the owner is suggested to itself");
  });

  await step("研值在线: the manager imports a declaration (checked first), sets the policy, computes, compares districts, approves, publishes and exports", async () => {
    const year = new Date().getFullYear();
    const pmToken = await token("pm@demo.kcyj2035.cn");
    const joyson = (await api("/organizations?q=" + encodeURIComponent("均胜"), { token: pmToken })).items[0];
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "研发后补助" }).click();
    await page.getByRole("heading", { name: "研发后补助（研值在线）" }).waitFor();
    await page.getByRole("tab", { name: "研发投入申报" }).click();
    const card = page.locator(".ant-card").filter({ hasText: "批量导入研发投入申报" });
    const file = { name: "研发投入申报.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: xlsx([["统一社会信用代码", "年度", "研发费用(元)", "营业收入(元)", "研发人员(人)"],
        [joyson.credit_code, String(year), "14000000", "700000000", "102"], ["91330200MA0000000X", String(year), "-1", "1", "1"]]) };
    // A bad row refuses the file, naming the row and column.
    await card.locator("input[type=file]").setInputFiles(file);
    await card.getByText("文件中有错误，未导入任何数据：").waitFor();
    await card.getByText("第 3 行「统一社会信用代码」").waitFor();
    await card.getByText("第 3 行「研发费用(元)」").waitFor();
    // The good row alone: checked, then imported.
    file.buffer = xlsx([["统一社会信用代码", "年度", "研发费用(元)", "营业收入(元)", "研发人员(人)"], [joyson.credit_code, String(year), "14000000", "700000000", "102"]]);
    await card.locator("input[type=file]").setInputFiles(file);
    await card.getByText("校验通过：1 行均可导入").waitFor();
    await card.getByRole("switch", { name: "仅校验（不导入）" }).click();
    await card.locator("input[type=file]").setInputFiles(file);
    await card.getByText("已导入 1 行").waitFor();
    await page.locator(".ant-table-row").filter({ hasText: "宁波均胜电子股份有限公司" }).filter({ hasText: "批量导入" }).waitFor();

    await page.getByRole("tab", { name: "补助政策" }).click();
    await page.getByText(`${year} 年度尚未设置补助政策`).waitFor();
    await page.getByLabel("科技领军企业", { exact: true }).fill("5");
    await page.getByLabel("单个企业补助上限(元)").fill("3000000");
    await page.getByLabel("研发费用门槛(元)").fill("1000000");
    await page.getByLabel("年度补助总额(元)").fill("20000000");
    await page.getByRole("button", { name: "保存为新版本" }).click();
    await page.getByText("补助政策已保存").waitFor();
    await page.getByText(/现行政策为第 1 版/).waitFor();

    await page.getByRole("tab", { name: "补助批次" }).click();
    await page.getByRole("button", { name: "一键生成" }).click();
    await page.getByText("补助批次已生成").waitFor();
    // geely 92,000,000 × 5 % → the 3,000,000 cap; orient 36,000,000 × 5 % = 1,800,000; joyson 14,000,000 × 15 % = 2,100,000.
    await page.locator(".ant-statistic").filter({ hasText: "补助总额(元)" }).getByText("¥6,900,000").waitFor();
    await page.getByText("区县汇总（一键归集）").waitFor();
    await page.locator("canvas").first().waitFor();
    await page.locator(".ant-table-row").filter({ hasText: "宁波均胜电子股份有限公司" }).getByText("¥2,100,000").first().waitFor();
    await page.screenshot({ path: join(shots, "subsidy-batch.png"), fullPage: true });
    await page.getByRole("button", { name: /^审\s*定$/ }).click();
    let pop = page.locator(".ant-popconfirm");
    await pop.getByText(/审定本批次（3 家企业，共 ¥6,900,000 元）/).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("补助批次已审定").waitFor();
    await page.getByRole("button", { name: /^公\s*布$/ }).click();
    pop = page.locator(".ant-popconfirm");
    await pop.getByText(/公布本批次？3 家企业/).waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("补助批次已公布").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 Excel" }).click()]);
    if (download.suggestedFilename() !== `rd-subsidies-${year}.xlsx`) throw new Error(`export named ${download.suggestedFilename()}`);
  });

  await step("the enterprise is told and sees its published subsidy", async () => {
    const year = new Date().getFullYear();
    await signIn("joyson@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "研发后补助" }).click();
    await page.getByRole("heading", { name: "研发投入与补助" }).waitFor();
    const line = page.locator(".ant-card").filter({ hasText: "已公布的研发后补助" }).locator(".ant-table-row").filter({ hasText: String(year) });
    await line.getByText("¥2,100,000").first().waitFor();
    await page.locator(".ant-card").filter({ hasText: "我的研发投入申报" }).locator(".ant-table-row").filter({ hasText: "批量导入" }).waitFor();
    // The year's batch is approved: its declaration no longer changes.
    const r = await fetch(base + "/api/v1/rd-declarations", { headers: { Authorization: `Bearer ${await token("joyson@demo.kcyj2035.cn")}` } });
    const mine = (await r.json()).items.find((d) => d.year === year);
    const patch = await fetch(base + `/api/v1/rd-declarations/${mine.id}`, { method: "PATCH",
      headers: { Authorization: `Bearer ${await token("joyson@demo.kcyj2035.cn")}`, "Content-Type": "application/json" }, body: JSON.stringify({ rd_staff: 1 }) });
    if (patch.status !== 409) throw new Error(`editing a declaration of an approved year: ${patch.status}`);
    await page.goto(base + "/notifications");
    await page.getByText(`${year} 年度研发后补助已公布，请查看贵单位的补助金额`).first().waitFor();
  });

  await step("省市联动: the manager records a provincial award on a project under way; the matching line comes with it", async () => {
    const pmToken = await token("pm@demo.kcyj2035.cn");
    const underWay = (await api("/projects?stage=research&limit=5", { token: pmToken })).items[0];
    await signIn("pm@demo.kcyj2035.cn");
    await page.goto(base + `/projects/${underWay.id}`);
    await page.getByRole("tab", { name: "资金" }).click();
    await page.getByText("省市联动", { exact: true }).waitFor();
    await page.getByLabel("项目计划").first().fill("尖兵");
    await page.getByLabel("支持金额(元)").first().fill("2000000");
    await page.getByLabel("立项日期").first().click();
    await page.keyboard.type("2026-11-30");
    await page.keyboard.press("Enter"); // takes the date and, the form being complete, submits it
    const done = page.getByText("已同步安排市级配套资金 ¥2,000,000 元");
    if (!await done.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      await page.getByRole("button", { name: "登记上级立项支持" }).click();
      await done.waitFor();
    }
    await page.locator(".ant-table-row").filter({ hasText: "尖兵" }).getByText("已配套").waitFor();
    // The recommendation is followed to its outcome.
    await page.getByLabel("项目计划").last().fill("国家重点研发计划");
    await page.getByRole("button", { name: "推荐申报" }).click();
    await page.getByText("已推荐申报").first().waitFor();
    const rec = page.locator(".ant-table-row").filter({ hasText: "国家重点研发计划" });
    await rec.getByRole("button", { name: "未获立项" }).click();
    const pop = page.locator(".ant-popconfirm");
    await pop.getByText("登记「国家重点研发计划」未获立项？").waitFor();
    await pop.getByRole("button", { name: /确\s*定/ }).click();
    await rec.getByText("未获立项").waitFor();
  });

  await step("notifications are e-mailed; a user turns a kind off on the notifications page", async () => {
    // The competition's approval told its owner, by e-mail too (delivered within seconds).
    for (let i = 0; i < 40 && !sink.messages.some((m) => m.includes("To: geely@demo.kcyj2035.cn") && m.includes(raceTitle)); i++) {
      await new Promise((r) => setTimeout(r, 500));
    }
    const mail = sink.messages.find((m) => m.includes("To: geely@demo.kcyj2035.cn") && m.includes(raceTitle));
    if (!mail) throw new Error(`no e-mail to the owner about ${raceTitle} among ${sink.messages.length}`);
    if (!/^Message-ID: <[0-9a-f-]{36}@kcyj2035\.local>$/m.test(mail)) throw new Error(`no Message-ID naming the notification:\n${mail.slice(0, 400)}`);
    await signIn("geely@demo.kcyj2035.cn");
    await page.goto(base + "/notifications");
    const card = page.locator(".ant-card").filter({ hasText: "邮件通知" });
    await card.getByLabel("不发邮件的通知类型").click();
    await page.keyboard.type("已提出中榜建议");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").first().click();
    await card.locator(".ant-card-head-title").click(); // close the list
    await card.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByText("已保存").first().waitFor();
    const prefs = await api("/me/mail-preferences", { token: await token("geely@demo.kcyj2035.cn") });
    if (!prefs.enabled || prefs.off.join() !== "challenge.award_proposed") throw new Error(`preferences ${JSON.stringify(prefs)}`);
  });

  await step("the dashboard shows the figures", async () => {
    // The bureau reads the figures: a program manager, who lists every project.
    await signIn("pm@demo.kcyj2035.cn");
    await page.getByRole("menuitem", { name: "数据看板" }).click();
    await page.getByText("项目阶段分布").waitFor();
    await page.locator("canvas").first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
    // Filter by a year (a select), then drill down: the stage bar opens the
    // project list filtered by that stage and the dashboard's filters.
    await page.getByLabel("年度").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: String(new Date().getFullYear()) }).click();
    await page.waitForURL((u) => u.searchParams.get("year") === String(new Date().getFullYear()));
    const bar = page.getByRole("group", { name: "项目阶段分布" }).getByText(/^科技攻关 \d+$/);
    const shown = Number((await bar.innerText()).split(" ")[1]);
    await bar.click();
    await page.waitForURL((u) => u.pathname === "/projects" && u.searchParams.get("stage") === "research" && u.searchParams.get("year") !== null);
    await page.getByRole("heading", { name: "项目组合" }).waitFor();
    if (shown > 0) await page.locator(".ant-table-row").first().waitFor();
    const rows = await page.locator(".ant-table-row").count();
    if (rows !== shown) throw new Error(`the bar says ${shown} projects in research, the list shows ${rows}`);
    const stagesShown = await page.locator(".ant-table-row .ant-tag").allInnerTexts();
    if (stagesShown.some((s) => s !== "科技攻关")) throw new Error(`the drill-down list has other stages: ${stagesShown}`);
  });

  await step("switching to English translates every visible string on the tested pages", async () => {
    // The check must be able to fail: in Chinese it finds the app's own text.
    const zh = await untranslated();
    if (zh.length < 5) throw new Error(`the check finds too little Chinese UI text in Chinese mode: ${zh.join(", ")}`);
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: "Project portfolio" }).waitFor(); // where the drill-down left us
    // A published demo challenge nbu has not bid on, for the bid form.
    const nbu = await token("nbu@demo.kcyj2035.cn");
    let openId;
    for (const c of (await api("/challenges?status=published&limit=50", { token: nbu })).items) {
      if ((await api(`/challenges/${c.id}/bids`, { token: nbu })).items.length === 0) { openId = c.id; break; }
    }
    if (!openId) throw new Error("no published demo challenge without nbu's bid");
    const pages = [
      ["pm@", "/dashboard", "Projects by stage"],
      ["pm@", "/board", "Challenge board"],
      ["pm@", `/challenges/${challengeId}`, "Ranking"],
      ["pm@", "/vetting", "Vetting"],
      ["pm@", "/projects", "Project portfolio"],
      ["pm@", `/projects/${projectId}`, "Stage history"],
      ["geely@", "/challenges/new", "Post a challenge"],
      ["nbu@", `/challenges/${openId}/bid`, "Summary"],
      ["nbu@", "/projects/new", "Propose a project"],
      ["expert1@", "/reviews", "Review workspace"],
      ["pm@", "/workbench", "Workbench"],
      ["pm@", "/scenarios", "Application scenarios"],
      ["pm@", "/consortia", "Innovation consortia"],
      ["pm@", "/audit", "Audit trail"],
      ["pm@", "/notifications", "Notifications"],
      ["nbu@", "/my/bids", "My bids"],
      ["orient@", `/scenarios/${(await api("/scenarios?q=" + encodeURIComponent("梅山港区"), { token: nbu })).items[0].id}`, "Applications"],
      ["admin@", "/admin/fields", "Fields"],
      ["pm@", "/subsidies", "By district"],
      ["joyson@", "/my/subsidies", "Published R&D subsidies"],
      ["expert1@", "/profile", "My expertise"],
    ];
    const found = [];
    for (const [user, path, marker] of pages) {
      await signIn(user + "demo.kcyj2035.cn");
      await page.goto(base + path);
      await page.getByText(marker, { exact: true }).first().waitFor();
      if (path === "/board") await page.screenshot({ path: join(shots, "board-en.png"), fullPage: true });
      if (path.startsWith("/projects/")) await page.screenshot({ path: join(shots, "project-en.png"), fullPage: true });
      for (const s of await untranslated()) found.push(`${path}: ${s}`);
      await pageFrame();
    }
    if (found.length) throw new Error("Chinese UI text left in English mode:\n" + found.join("\n"));
  });

  await step("the app works at phone width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(base + "/board");
    await page.getByRole("heading", { name: "Challenge board" }).waitFor();
    await page.screenshot({ path: join(shots, "board-phone.png"), fullPage: true });
  });

  await step("at phone width the menu opens from its button and navigates, signed in without a reload", async () => {
    await page.evaluate(() => localStorage.setItem("kcyj2035.lang", "zh"));
    await signIn("pm@demo.kcyj2035.cn");
    await signedInHeader();
    const menuButton = page.locator("header").getByRole("button", { name: "菜单" });
    await menuButton.click();
    const drawer = page.locator(".ant-drawer-open");
    await drawer.getByRole("menuitem", { name: "项目" }).waitFor();
    await page.screenshot({ path: join(shots, "menu-phone.png") });
    await drawer.getByRole("link", { name: "项目" }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole("heading", { name: "项目组合" }).waitFor();
    await drawer.waitFor({ state: "detached" }); // choosing closes the drawer
    // No frame around the page: the layout starts at the window's edge.
    const margin = await page.evaluate(() => getComputedStyle(document.body).margin);
    if (margin !== "0px") throw new Error(`the page has a ${margin} frame around it`);
    // Nothing wider than the screen: the header fits at 390 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Error(`the page is ${overflow}px wider than the phone's screen`);
    await menuButton.click();
    await drawer.getByRole("link", { name: "数据看板" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await step("every page at both widths: a screenshot each, nothing wider than a phone's screen, every text readable (WCAG AA contrast)", async () => {
    await page.evaluate(() => localStorage.setItem("kcyj2035.lang", "zh"));
    const scenarioId = (await api("/scenarios?limit=1", { token: await token("pm@demo.kcyj2035.cn") })).items[0].id;
    const consortiumId = (await api("/consortia?limit=1", { token: await token("pm@demo.kcyj2035.cn") })).items[0].id;
    const tours = {
      "pm@": ["/workbench", "/board", `/challenges/${challengeId}`, "/vetting", "/projects", `/projects/${projectId}`, "/scenarios",
        `/scenarios/${scenarioId}`, "/consortia", `/consortia/${consortiumId}`, "/dashboard", "/import-export", "/audit", "/notifications"],
      "admin@": ["/admin/organizations", "/admin/users", "/admin/fields"],
      "geely@": ["/my/challenges", "/challenges/new"],
      "nbu@": ["/my/bids", "/projects/new"],
      "expert1@": ["/reviews"],
    };
    const wide = [];
    const faint = [];
    for (const [user, paths] of Object.entries(tours)) {
      await signIn(user + "demo.kcyj2035.cn");
      for (const path of paths) {
        for (const [w, h] of [[1440, 900], [390, 844]]) {
          await page.setViewportSize({ width: w, height: h });
          await page.goto(base + path);
          await page.locator("h1").first().waitFor();
          await page.waitForLoadState("networkidle");
          const name = `${path.replace(/^\//, "").replace(/[/:]/g, "_").replace(/_[0-9a-f-]{36}/g, "_id") || "home"}-${w}.png`;
          await page.screenshot({ path: join(shots, "pages", name), fullPage: true });
          const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (w === 390 && over > 0) wide.push(`${path}: ${over}px`);
          if (w === 1440) {
            await page.evaluate(axeSource); // not a <script>: the app's CSP rightly refuses inline scripts
            const found = await page.evaluate(async () => {
              const r = await window.axe.run(document, { runOnly: ["color-contrast"], resultTypes: ["violations"] });
              return r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.any[0]?.message ?? v.help}`));
            });
            faint.push(...found.map((f) => `${path}: ${f}`));
          }
        }
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    if (wide.length) throw new Error(`wider than the phone's screen:\n${wide.join("\n")}`);
    if (faint.length) throw new Error(`text below WCAG AA contrast:\n${[...new Set(faint)].join("\n")}`);
  });

  await step("no script errors in the page", async () => {
    if (errors.length) throw new Error(errors.join("\n"));
  });
} catch (e) {
  if (!e?.reported) {
    failed++;
    console.log(`not ok - setting up: ${e?.stack ?? e}`);
  }
} finally {
  sink.close();
  await browser?.close();
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}
