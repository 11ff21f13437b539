// Benchmark (not a test): how long a reader waits for the sandbox's first
// output in headless Chromium, and what the page downloads before it.
//
//   node bench/first-output.mjs [runs]      (after `make build`; see `make bench`)
//
// Each cold run uses a fresh browser profile, so nothing is cached: it measures
// navigation → the page's first Run → the first output shown. The warm figure
// is a second Run on the same page, with the worker already loaded.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchFreshChromium } from "../tests/chromium.mjs";
import { serve } from "../tests/serve.mjs";
import { bookUnderTest, CHAPTER, snippet } from "../tests/support.mjs";

const runs = Number(process.argv[2] || 5);
const target = snippet("blocking-the-loop/sleep/wrong");
const { root, mounts } = bookUnderTest();
const server = await serve(root, mounts);

async function once() {
  const { context, close } = await launchFreshChromium();
  const bytes = new Map();
  // On the context, not the page, so the worker's own fetches count too.
  context.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    const length = Number((await request.response())?.headers()["content-length"] || 0);
    bytes.set(request.url(), Math.max(sizes ? sizes.responseBodySize : 0, length));
  });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(new URL(CHAPTER, server.url).href);
  await page.locator(`${target}[data-wb-editor]`).waitFor();
  await page.locator(`${target} [data-wb-action="run"]`).click();
  const stdout = page.locator(`${target} .wb-out-stdout`);
  await page.waitForFunction((el) => el.textContent.length > 0, await stdout.elementHandle(), { timeout: 120_000 });
  const cold = Date.now() - started;
  await page.locator(`${target} .wb-live[data-wb-state="finished"]`).waitFor();
  const warmStart = Date.now();
  await page.locator(`${target} [data-wb-action="run"]`).click();
  await page.locator(`${target} .wb-live[data-wb-state="running"]`).waitFor({ state: "attached" }).catch(() => {});
  await page.locator(`${target} .wb-live[data-wb-state="finished"]`).waitFor();
  const warm = Date.now() - warmStart;
  await close();
  return { cold, warm, bytes: [...bytes.values()].reduce((a, b) => a + b, 0) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (let i = 0; i < runs; i += 1) {
  results.push(await once());
}
await server.close();

const wasm = readFileSync(join(root, "sandbox/pkg/workbook_sandbox_wasm_bg.wasm"));
const rows = [
  ["wasm module, raw", `${(wasm.length / 1e6).toFixed(2)} MB`],
  ["wasm module, gzip -9", `${(gzipSync(wasm, { level: 9 }).length / 1e6).toFixed(2)} MB`],
  ["bytes fetched by the page, raw", `${(median(results.map((r) => r.bytes)) / 1e6).toFixed(2)} MB`],
  [`cold: navigation → first output (median of ${runs})`, `${median(results.map((r) => r.cold))} ms`],
  [`warm re-run of the same program (median of ${runs})`, `${median(results.map((r) => r.warm))} ms`],
];
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) {
  console.log(`${name.padEnd(width)}  ${value}`);
}
