// The offline copy (src/offline.js, registered by theme/workbook-offline.js):
// after one visit the whole book reads and runs with the network off, online
// the reader always gets the server's current pages, and a new build replaces
// the old copy. Each test serves its own copy of the built book, which it may
// change or take off the network, on its own port (so its own origin).
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, afterEach, before, describe, test } from "node:test";
import { serve } from "./serve.mjs";
import {
  CHAPTER,
  bookUnderTest,
  launchBrowser,
  recordedOutput,
  runAndWait,
  usingFixture,
  waitForSandbox,
} from "./support.mjs";

// Never opened while online in the offline test.
const OTHER_CHAPTER = "gather/index.html";
const INSTALL_TIMEOUT = 90_000;

describe("offline copy", { skip: usingFixture && "needs the built book (toc.html, offline.js)" }, () => {
  let browser;
  const cleanups = [];

  before(async () => {
    browser = await launchBrowser({ serviceWorkers: "allow" });
  });

  afterEach(async () => {
    await browser.context.setOffline(false);
  });

  after(async () => {
    while (cleanups.length > 0) {
      await cleanups.pop()();
    }
    await browser?.close();
  });

  // A private copy of the book on its own server.
  async function serveCopy() {
    const dir = await mkdtemp(join(tmpdir(), "workbook-offline-book-"));
    await cp(bookUnderTest().root, dir, { recursive: true });
    const server = await serve(dir);
    let closed = false;
    const stop = async () => {
      if (!closed) {
        closed = true;
        await server.close();
      }
    };
    cleanups.push(async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    });
    return { dir, url: server.url, stop };
  }

  async function openPage() {
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    cleanups.push(() => page.close());
    return { page, errors };
  }

  async function waitForOfflineCopy(page) {
    await page.locator('html[data-wb-offline="ready"]').waitFor({ state: "attached", timeout: INSTALL_TIMEOUT });
    return page.evaluate(() => ({
      files: Number(document.documentElement.dataset.wbOfflineFiles),
      bytes: Number(document.documentElement.dataset.wbOfflineBytes),
      controlled: Boolean(navigator.serviceWorker.controller),
    }));
  }

  async function goOffline(book) {
    await browser.context.setOffline(true);
    // The server goes too, so nothing can reach it whatever the emulation covers.
    await book.stop();
  }

  test("after one visit, a chapter never opened runs its code with the network off", async (t) => {
    const book = await serveCopy();
    const { page, errors } = await openPage();
    await page.goto(new URL(CHAPTER, book.url).href);
    const copy = await waitForOfflineCopy(page);
    t.diagnostic(`the install stored ${copy.files} files, ${copy.bytes} bytes`);
    assert.ok(copy.controlled, "the worker takes charge of the page that installed it");
    // 21 chapters, the contents, print and 404 pages, the assets, the sandbox.
    assert.ok(copy.files > 60, `only ${copy.files} files stored`);
    assert.ok(copy.bytes > 10_000_000, "the wasm sandbox alone is over 10 MB");

    await goOffline(book);
    const failed = [];
    page.on("requestfailed", (request) => {
      // Chromium fetches the tab's icon itself, past any service worker.
      if (!/\/favicon-[0-9a-f]+\.\w+$/.test(request.url())) {
        failed.push(request.url());
      }
    });
    await page.reload();
    assert.match(await page.locator("main h1").first().textContent(), /Blocking the event loop/);

    await page.goto(new URL(OTHER_CHAPTER, book.url).href);
    const widget = `.wb-snippet[data-wb-id="${await page.locator(".wb-snippet").first().getAttribute("data-wb-id")}"]`;
    // Ace, not the plain fallback: the editor's files came from the copy.
    await page.locator(`${widget}[data-wb-editor="ace"]`).waitFor();
    await waitForSandbox(page);
    const recorded = await recordedOutput(page, widget);
    const live = await runAndWait(page, widget);
    assert.equal(live.state, "finished", live.status);
    assert.equal(live.stdout, recorded.stdout);
    assert.equal(live.stderr, recorded.stderr);
    // The table of contents (a script) and the theme's styles came too.
    assert.ok((await page.locator("#mdbook-sidebar a[href]").count()) > 20);
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.querySelector(".wb-snippet")).borderInlineStartWidth),
      "4px",
    );
    assert.deepEqual(failed, [], "requests the copy could not answer");
    assert.deepEqual(errors, []);
  });

  test("online, a page that changed on the server is shown as it is now", async () => {
    const book = await serveCopy();
    const { page } = await openPage();
    await page.goto(new URL(CHAPTER, book.url).href);
    await waitForOfflineCopy(page);

    // The copy holds the old page; the server now has a new one.
    const file = join(book.dir, OTHER_CHAPTER);
    const marker = '<p id="wb-changed-on-the-server">changed</p>';
    await writeFile(file, (await readFile(file, "utf8")).replace("<main>", `<main>${marker}`));
    await page.goto(new URL(OTHER_CHAPTER, book.url).href);
    assert.equal(await page.locator("#wb-changed-on-the-server").count(), 1, "the page came from the old copy");

    // What the reader saw online is what the copy now holds.
    await goOffline(book);
    await page.reload();
    assert.equal(await page.locator("#wb-changed-on-the-server").count(), 1, "the copy kept the old page");
  });

  test("a new build of the book replaces the old copy", async () => {
    const book = await serveCopy();
    const { page } = await openPage();
    await page.goto(new URL(CHAPTER, book.url).href);
    await waitForOfflineCopy(page);
    const cachesBefore = await page.evaluate(() => caches.keys());
    assert.equal(cachesBefore.length, 1, `caches: ${cachesBefore}`);

    // What a rebuild with changed text does: a new search index name on every page.
    const index = (await readdir(book.dir)).find((name) => /^searchindex-[0-9a-f]{8}\.js$/.test(name));
    const renamed = index.replace(/-[0-9a-f]{8}\./, "-0badc0de.");
    await rename(join(book.dir, index), join(book.dir, renamed));
    for (const page of await htmlFiles(book.dir)) {
      await writeFile(page, (await readFile(page, "utf8")).replaceAll(index, renamed));
    }
    await page.evaluate(() => {
      delete document.documentElement.dataset.wbOffline;
    });
    await page.reload();
    await waitForOfflineCopy(page);
    const cachesAfter = await page.evaluate(() => caches.keys());
    assert.equal(cachesAfter.length, 1, `caches: ${cachesAfter}`);
    assert.notEqual(cachesAfter[0], cachesBefore[0]);
    const stored = await page.evaluate(async ([name, url]) => {
      const cache = await caches.open(name);
      return Boolean(await cache.match(url));
    }, [cachesAfter[0], new URL(renamed, book.url).href]);
    assert.ok(stored, "the new build's search index is in the new copy");
  });

  test("a page opened from file:// has no offline copy and no errors", async () => {
    const { page, errors } = await openPage();
    await page.goto(pathToFileURL(join(bookUnderTest().root, CHAPTER)).href);
    await page.locator(".wb-snippet[data-wb-editor]").first().waitFor();
    await page.waitForFunction(() => document.readyState === "complete");
    // Longer than the registration waits for an idle page.
    await page.waitForTimeout(6_000);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.wbOffline), undefined);
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
    assert.deepEqual(errors, []);
  });
});

async function htmlFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".html")) {
      found.push(join(entry.parentPath, entry.name));
    }
  }
  return found;
}
