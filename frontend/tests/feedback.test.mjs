// Feedback that names the asyncio mistake, on the book's own pages: every
// static rule (the lint, before the program runs) and every runtime rule (the
// sandbox, while it runs) shows on Run next to the line it concerns, with a
// link that lands on an existing section of the book, for the wrong program of
// a pair; the correct program of the same pair shows none. Check shows them
// for an exercise attempt too. Real sandbox.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  act,
  exercise,
  runAndWait,
  setSource,
  snippet,
  startSession,
  usingFakeSandbox,
  waitForOutcome,
} from "./support.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

// Each pair's wrong program makes these mistakes, on the first line holding
// the marker (the line numbers come from the program files themselves).
const PAIRS = [
  { pair: "blocking-the-loop/sleep", rules: { "blocking-call": "time.sleep(", "loop-blocked": "time.sleep(" } },
  {
    pair: "coroutines-and-tasks/forgotten-await",
    rules: { "missing-await": "db.connect()", "never-awaited": "db.connect()" },
  },
  {
    pair: "task-lifetimes/vanishing-task",
    rules: { "dropped-task": "asyncio.create_task(audit", "destroyed-pending": "asyncio.create_task(audit" },
  },
  { pair: "running-the-loop/nested", rules: { "run-inside-coroutine": "price = get_price(symbol)" } },
  { pair: "bounded-concurrency/fanout", rules: { "unbounded-gather": "asyncio.gather(*(" } },
  { pair: "gather/swallowed", rules: { "unexamined-exceptions": "results = await asyncio.gather(" } },
  { pair: "timeouts-and-cancellation/reraise", rules: { "swallowed-cancellation": "except asyncio.CancelledError" } },
  {
    pair: "task-lifetimes/never-retrieved",
    rules: { "exception-never-retrieved": "task = asyncio.create_task(coro)" },
  },
];

const STATIC_RULES = [
  "blocking-call", "missing-await", "dropped-task", "run-inside-coroutine",
  "unbounded-gather", "swallowed-cancellation", "unexamined-exceptions",
];
const RUNTIME_RULES = ["never-awaited", "exception-never-retrieved", "destroyed-pending", "loop-blocked"];

function lineOf(file, marker) {
  const lines = readFileSync(join(repo, "src", file), "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(marker));
  assert.ok(index >= 0, `${file} has no line with ${marker}`);
  return index + 1;
}

async function findings(page, widget) {
  return page.$$eval(`${widget} .wb-finding`, (items) => items.map((item) => ({
    rule: item.dataset.wbRule,
    line: Number(item.dataset.wbLine),
    kind: item.dataset.wbKind,
    text: item.textContent,
    href: item.querySelector("a.wb-finding-chapter")?.href,
  })));
}

describe("feedback", { skip: usingFakeSandbox && "needs the real sandbox" }, () => {
  let session;

  before(async () => {
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  async function openPage(path, widget) {
    const page = await session.context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    await page.goto(new URL(path, session.bookUrl).href);
    await page.locator(`${widget}[data-wb-editor]`).waitFor();
    return { page, errors };
  }

  // Every link must land on a heading that exists.
  async function assertLandsOnASection(page, href) {
    const url = new URL(href);
    const html = await page.evaluate(async (address) => (await fetch(address)).text(), url.href);
    const anchor = decodeURIComponent(url.hash.slice(1));
    assert.ok(anchor, `${href} names no section`);
    assert.ok(html.includes(`id="${anchor}"`), `${href}: the page has no heading #${anchor}`);
  }

  test("every rule of the table has a pair below", () => {
    const covered = PAIRS.flatMap(({ rules }) => Object.keys(rules)).sort();
    assert.deepEqual(covered, [...STATIC_RULES, ...RUNTIME_RULES].sort());
  });

  for (const { pair, rules } of PAIRS) {
    test(`${pair}: the wrong program is told ${Object.keys(rules).join(" and ")}; the correct one nothing`, async () => {
      const chapter = pair.split("/")[0];
      const wrong = snippet(`${pair}/wrong`);
      const correct = snippet(`${pair}/correct`);
      const { page, errors } = await openPage(`${chapter}/index.html`, wrong);
      try {
        await runAndWait(page, wrong);
        const shown = await findings(page, wrong);
        for (const [rule, marker] of Object.entries(rules)) {
          const line = lineOf(`${pair}/wrong.py`, marker);
          const finding = shown.find((item) => item.rule === rule);
          assert.ok(finding, `${rule} is not shown; shown: ${JSON.stringify(shown)}`);
          assert.equal(finding.line, line, `${rule}: ${JSON.stringify(finding)}`);
          assert.equal(finding.kind, STATIC_RULES.includes(rule) ? "static" : "runtime");
          assert.match(finding.text, new RegExp(`^Line ${line} ${rule} `));
          await assertLandsOnASection(page, finding.href);
        }
        await runAndWait(page, correct);
        assert.deepEqual(await findings(page, correct), [], "the correct program is told of a mistake");
        assert.deepEqual(errors.map(String), []);
      } finally {
        await page.close();
      }
    });
  }

  test("a finding's line button moves the editor to that line", async () => {
    const wrong = snippet("coroutines-and-tasks/forgotten-await/wrong");
    const { page } = await openPage("coroutines-and-tasks/index.html", wrong);
    try {
      await runAndWait(page, wrong);
      const line = lineOf("coroutines-and-tasks/forgotten-await/wrong.py", "db.connect()");
      await page.locator(`${wrong} .wb-finding[data-wb-rule="missing-await"] .wb-finding-line`).click();
      const row = await page.evaluate((selector) => {
        const container = document.querySelector(selector);
        return window.ace.edit(container.querySelector(".wb-editor")).getCursorPosition().row;
      }, wrong);
      assert.equal(row + 1, line);
    } finally {
      await page.close();
    }
  });

  test("Check reports the mistakes in an exercise attempt, and none in the solution", async () => {
    const widget = exercise("blocking-the-loop");
    const { page } = await openPage("blocking-the-loop/index.html", widget);
    try {
      await act(page, widget, "check");
      await waitForOutcome(page, widget);
      const rules = (await findings(page, widget)).map((item) => item.rule).sort();
      assert.deepEqual(rules, ["blocking-call", "loop-blocked"]);
      const solution = await page.$eval(`${widget} script.wb-solution`, (node) => JSON.parse(node.textContent));
      await setSource(page, widget, solution);
      await act(page, widget, "check");
      await waitForOutcome(page, widget);
      assert.deepEqual(await findings(page, widget), []);
    } finally {
      await page.close();
    }
  });

  test("code quoted in a finding is shown as text, never run", async () => {
    const widget = snippet("blocking-the-loop/sleep/wrong");
    const { page } = await openPage("blocking-the-loop/index.html", widget);
    try {
      const markup = '<img src=nowhere onerror="window.__pwned=1">';
      await setSource(page, widget, `import asyncio, time\n\n\nasync def main():\n    time.sleep(len('${markup}') / 100)\n\n\nasyncio.run(main())\n`);
      await runAndWait(page, widget);
      const shown = await findings(page, widget);
      const blocking = shown.find((item) => item.rule === "blocking-call");
      assert.ok(blocking, JSON.stringify(shown));
      assert.ok(blocking.text.includes(markup), blocking.text);
      assert.equal(await page.locator(`${widget} .wb-feedback img`).count(), 0);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    } finally {
      await page.close();
    }
  });
});
