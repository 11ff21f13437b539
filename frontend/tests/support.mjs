// Shared set-up for the browser tests: which book to serve, a headless
// Chromium with a throw-away profile, and helpers that drive one widget.
//
// WORKBOOK_BOOK_DIR   the built book to test (default: <repo>/book)
// WORKBOOK_TEST_TARGET=fixture
//                     test the hand-made fixture page instead, with the
//                     repository's theme/ and src/sandbox/ served in place of
//                     the book's copies, and the fake sandbox as sandbox/pkg
// WORKBOOK_FIXTURE_PKG a wasm-bindgen pkg directory to use instead of the
//                     fake with the fixture (e.g. ../src/sandbox/pkg)
// CHROMIUM            the browser binary (default: /usr/bin/chromium)
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, afterEach, before } from "node:test";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchFreshChromium } from "./chromium.mjs";
import { serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");

export const CHAPTER = "blocking-the-loop/index.html";
export const usingFixture = process.env.WORKBOOK_TEST_TARGET === "fixture";
export const usingFakeSandbox = usingFixture && !process.env.WORKBOOK_FIXTURE_PKG;

export function bookUnderTest() {
  if (usingFixture) {
    const mounts = {
      "/theme/": join(repo, "theme"),
      "/sandbox/pkg/": resolve(process.env.WORKBOOK_FIXTURE_PKG || join(here, "fake-pkg")),
      "/sandbox/": join(repo, "src", "sandbox"),
    };
    requireFile(join(repo, "src", "sandbox", "ace", "ace.js"), "run `npm run vendor` in frontend/ first");
    return { root: join(here, "fixture"), mounts };
  }
  const root = resolve(process.env.WORKBOOK_BOOK_DIR || join(repo, "book"));
  const hint = "build the book first (wasm into src/sandbox/pkg, `npm run vendor`, then mdbook build), "
    + "point WORKBOOK_BOOK_DIR at it, or set WORKBOOK_TEST_TARGET=fixture";
  requireFile(join(root, CHAPTER), hint);
  requireFile(join(root, "sandbox", "worker.js"), hint);
  requireFile(join(root, "sandbox", "pkg", "workbook_sandbox_wasm.js"), hint);
  requireFile(join(root, "sandbox", "ace", "ace.js"), hint);
  return { root, mounts: {} };
}

function requireFile(path, hint) {
  if (!existsSync(path)) {
    throw new Error(`missing ${path}: ${hint}`);
  }
}

// One browser and one server for a test file; each test opens its own page.
// Unless `keepEdits` is set, every page starts with the book's code: the edits
// a reader's browser keeps would otherwise carry from one test to the next.
export async function startSession(contextOptions = {}, { keepEdits = false } = {}) {
  const { root, mounts } = bookUnderTest();
  const server = await serve(root, mounts);
  const browser = await launchBrowser(contextOptions);
  const { context } = browser;
  if (!keepEdits) {
    await context.addInitScript(() => window.localStorage.clear());
  }
  return {
    context,
    bookUrl: server.url,
    chapterUrl: new URL(CHAPTER, server.url).href,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

// A headless Chromium with a throw-away profile. Service workers are blocked
// unless `contextOptions` allows them: a page the book's offline worker
// controls fetches through it, out of reach of the request routes the tests
// use to break things (see offline.test.mjs for the worker itself).
export function launchBrowser(contextOptions = {}) {
  return launchFreshChromium({ serviceWorkers: "block", ...contextOptions });
}

// The set-up most test files share, registered on the enclosing describe:
// one browser and server for the file and, after each test, the page it
// opened is closed, and the test fails if that page threw. `open(options)`
// opens the chapter as openChapter does and returns {page, errors}.
export function chapterPages(...sessionArgs) {
  let session;
  let opened;

  before(async () => {
    session = await startSession(...sessionArgs);
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async () => {
    if (opened) {
      const { page, errors } = opened;
      opened = null;
      await page.close();
      assert.deepEqual(errors.map(String), [], "the page threw uncaught errors");
    }
  });

  return {
    async open(options) {
      opened = await openChapter(session, options);
      return opened;
    },
  };
}

// Opens the chapter and records uncaught page errors, which a test can
// assert are absent. Waits for editors, not for the sandbox. A viewport is
// set before loading, as mdBook lays out its sidebar for the first width.
export async function openChapter(session, { viewport } = {}) {
  const page = await session.context.newPage();
  if (viewport) {
    await page.setViewportSize(viewport);
  }
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.goto(session.chapterUrl);
  await page.locator(".wb-snippet[data-wb-editor]").first().waitFor();
  await page.locator(".wb-exercise[data-wb-editor]").first().waitFor();
  return { page, errors };
}

export async function waitForSandbox(page) {
  await page.locator('html[data-wb-worker="ready"]').waitFor({ state: "attached", timeout: 120_000 });
}

export const snippet = (id) => `.wb-snippet[data-wb-id="${id}"]`;
export const exercise = (name) => `.wb-exercise[data-wb-exercise="${name}"]`;

export async function setSource(page, widget, text) {
  await page.locator(`${widget}[data-wb-editor]`).waitFor();
  await page.evaluate(([selector, value]) => {
    const container = document.querySelector(selector);
    if (container.dataset.wbEditor === "ace") {
      window.ace.edit(container.querySelector(".wb-editor")).setValue(value, -1);
    } else {
      const area = container.querySelector(".wb-editor textarea");
      area.value = value;
      area.dispatchEvent(new Event("input"));
    }
  }, [widget, text]);
}

export async function getSource(page, widget) {
  return page.evaluate((selector) => {
    const container = document.querySelector(selector);
    if (container.dataset.wbEditor === "ace") {
      return window.ace.edit(container.querySelector(".wb-editor")).getValue();
    }
    return container.querySelector(".wb-editor textarea").value;
  }, widget);
}

// The click handler marks the panel "running" synchronously, so waiting for
// any other state afterwards cannot see a previous run's result.
export async function waitForOutcome(page, widget, timeout = 60_000) {
  await page.waitForFunction(
    (selector) => {
      const live = document.querySelector(`${selector} .wb-live`);
      return live && live.dataset.wbState && live.dataset.wbState !== "running";
    },
    widget,
    { timeout },
  );
  return liveOutput(page, widget);
}

export async function act(page, widget, action) {
  await page.locator(`${widget} [data-wb-action="${action}"]`).click();
}

export async function runAndWait(page, widget) {
  await act(page, widget, "run");
  return waitForOutcome(page, widget);
}

export async function liveOutput(page, widget) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    return {
      state: root.querySelector(".wb-live").dataset.wbState,
      status: root.querySelector(".wb-status").textContent,
      stdout: root.querySelector(".wb-out-stdout").textContent,
      stderr: root.querySelector(".wb-out-stderr").textContent,
    };
  }, widget);
}

// Checks and solution are JSON string literals in the book's markup.
export async function scriptText(page, selector) {
  return page.locator(selector).evaluate((script) => (
    script.type === "application/json" ? JSON.parse(script.textContent) : script.textContent
  ));
}

export async function recordedOutput(page, widget) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    // The book leaves out an empty stream's block.
    const text = (part) => {
      const node = root.querySelector(`.wb-expected .${part}`);
      return node ? node.textContent : "";
    };
    return { stdout: text("wb-stdout"), stderr: text("wb-stderr") };
  }, widget);
}

// Records the kind of every request a page posts to a sandbox worker, in
// every page of `context` from then on; read them with workerRequests.
export async function recordWorkerRequests(context) {
  await context.addInitScript(() => {
    window.__workbookWorkerRequests = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function postAndRecord(message, ...rest) {
      window.__workbookWorkerRequests.push(message && message.kind);
      return post.call(this, message, ...rest);
    };
  });
}

export async function workerRequests(page) {
  return page.evaluate(() => window.__workbookWorkerRequests);
}
