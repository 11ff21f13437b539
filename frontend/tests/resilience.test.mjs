// What happens when things go wrong: endless programs, a missing or slow
// sandbox, Ace failing to load, JavaScript switched off, a crashing sandbox.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import {
  act,
  openChapter,
  recordedOutput,
  runAndWait,
  setSource,
  snippet,
  startSession,
  usingFakeSandbox,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");

describe("resilience", () => {
  let session;
  const pages = [];

  before(async () => {
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async () => {
    await session.context.unrouteAll({ behavior: "ignoreErrors" });
    while (pages.length > 0) {
      await pages.pop().close();
    }
  });

  async function open() {
    const opened = await openChapter(session);
    pages.push(opened.page);
    return opened.page;
  }

  test("a program that runs past the 10 s budget is stopped for the reader", async () => {
    const page = await open();
    await waitForSandbox(page);
    await setSource(page, WRONG, "while True: pass\n");
    await act(page, WRONG, "run");
    const stopped = await waitForOutcome(page, WRONG, 30_000);
    assert.equal(stopped.state, "stopped");
    assert.equal(stopped.status, "Stopped: the program ran for 10 s without finishing (an endless loop?)");
    await setSource(page, WRONG, 'print("alive")\n');
    assert.equal((await runAndWait(page, WRONG)).stdout, "alive\n");
  });

  test("without Ace the snippet gets a plain text box that still runs", async () => {
    await session.context.route("**/sandbox/ace/**", (route) => route.abort());
    const page = await open();
    assert.equal(await page.locator(WRONG).getAttribute("data-wb-editor"), "textarea");
    const box = page.locator(`${WRONG} .wb-editor textarea`);
    await box.fill('print("typed", 1+1)');
    await box.press("Control+Enter");
    const live = await waitForOutcome(page, WRONG);
    assert.equal(live.stdout, "typed 2\n");
    page.once("dialog", (dialog) => dialog.accept());
    await act(page, WRONG, "reset");
    assert.notEqual(await box.inputValue(), 'print("typed", 1+1)');
  });

  test("the page is readable with JavaScript switched off", async () => {
    const plain = await startSession({ javaScriptEnabled: false });
    try {
      const page = await plain.context.newPage();
      await page.goto(plain.chapterUrl);
      assert.ok(await page.locator(`${WRONG} pre.wb-source`).isVisible());
      assert.match(await page.locator(`${WRONG} pre.wb-source`).textContent(), /\S/);
      assert.ok(await page.locator(`${WRONG} .wb-expected`).isVisible());
      assert.equal(await page.locator("[data-wb-action]").count(), 0);
    } finally {
      await plain.close();
    }
  });

  test("a sandbox that never arrives does not hold up the page, and Stop cancels the wait", async () => {
    // Requests for the wasm glue hang forever, like a stalled network.
    let asked;
    const askedForPkg = new Promise((resolve) => {
      asked = resolve;
    });
    await session.context.route("**/sandbox/pkg/**", () => asked());
    const page = await open();
    const recorded = await recordedOutput(page, WRONG);
    assert.equal(await page.locator(`${WRONG} .wb-expected .wb-stdout`).textContent(), recorded.stdout);
    await act(page, WRONG, "run");
    await askedForPkg;
    assert.equal(await page.evaluate(() => document.documentElement.dataset.wbWorker), "loading");
    assert.equal(
      await page.locator(`${WRONG} .wb-status`).textContent(),
      "Loading the Python sandbox…",
    );
    await act(page, WRONG, "stop");
    const stopped = await waitForOutcome(page, WRONG, 5_000);
    assert.equal(stopped.status, "Stopped.");
  });

  test("a sandbox that cannot be loaded says so", async () => {
    await session.context.route("**/sandbox/worker.js", (route) => route.fulfill({ status: 404, body: "" }));
    const page = await open();
    await act(page, WRONG, "run");
    const failed = await waitForOutcome(page, WRONG, 30_000);
    assert.equal(failed.state, "failed");
    assert.match(failed.status, /^The Python sandbox could not be loaded/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.wbWorker), "failed");
  });

  test("a crashed sandbox is replaced and the next run works", async () => {
    if (!usingFakeSandbox) {
      // The real sandbox has no reliable panic, so this worker traps the way a
      // Rust panic does (RuntimeError: unreachable) when the source asks it to.
      await session.context.route("**/sandbox/worker.js", async (route) => {
        const original = await (await route.fetch()).text();
        const trap =
          'if (String(source).includes("__wb_panic__")) throw new WebAssembly.RuntimeError("unreachable");\n';
        const patched = original.replace('json = run(', `${trap}      json = run(`);
        assert.notEqual(patched, original, "the worker still calls run() where the test expects");
        await route.fulfill({ body: patched, contentType: "text/javascript" });
      });
    }
    const page = await open();
    await waitForSandbox(page);
    await setSource(page, WRONG, "__wb_panic__\n");
    const crashed = await runAndWait(page, WRONG);
    assert.equal(crashed.state, "failed");
    assert.match(crashed.status, /crashed \(RuntimeError: unreachable\)/);
    await setSource(page, WRONG, 'print("after the crash")\n');
    assert.equal((await runAndWait(page, WRONG)).stdout, "after the crash\n");
  });
});
