// Benchmark (not a test): the workbook sandbox against Pyodide, in one
// headless Chromium run, both served from localhost.
//
//   node bench/versus-pyodide.mjs [runs]    (after `make build`; see `make bench`)
//
// Cold: a fresh browser profile per run, navigation → the first output of the
// same small asyncio gather program, on the page's own clock; the bytes the
// page fetched until then, raw and as gzip -9 would send them. Warm: re-runs
// in the loaded worker, each in a fresh namespace: a trivial program, and (ours
// only) every program in the book.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { launchFreshChromium } from "../tests/chromium.mjs";
import { serve } from "../tests/serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const runs = Number(process.argv[2] || 5);
const mounts = {
  // WORKBOOK_PKG measures another build of the sandbox (default: the book's).
  "/ours/": resolve(process.env.WORKBOOK_PKG || join(repo, "src/sandbox/pkg")),
  "/pyodide/": join(repo, "frontend/node_modules/pyodide"),
};
const server = await serve(join(here, "page"), mounts);

function servedFile(url) {
  const path = new URL(url).pathname;
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (path.startsWith(prefix)) {
      return join(dir, path.slice(prefix.length));
    }
  }
  return join(here, "page", path === "/" ? "index.html" : path);
}

function bookPrograms() {
  const found = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(path);
      } else if (entry.name === "wrong.py" || entry.name === "correct.py") {
        found.push({ name: relative(join(repo, "src"), path), source: readFileSync(path, "utf8") });
      }
    }
  };
  visit(join(repo, "src"));
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

async function cold(engine) {
  const browser = await launchFreshChromium();
  const fetched = new Set();
  browser.context.on("requestfinished", (request) => fetched.add(request.url()));
  const page = await browser.context.newPage();
  await page.goto(new URL(`/?engine=${engine}`, server.url).href);
  await page.waitForFunction(() => window.bench.firstOutputAt !== null || window.bench.error, null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.bench);
  if (result.error) {
    throw new Error(`${engine}: ${result.error}`);
  }
  let raw = 0;
  let gzip = 0;
  for (const url of fetched) {
    const body = readFileSync(servedFile(url));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  await browser.close();
  return { ms: result.firstOutputAt, output: result.firstOutput, raw, gzip };
}

async function warm(engine, programs) {
  const browser = await launchFreshChromium();
  const page = await browser.context.newPage();
  await page.goto(new URL(`/?engine=${engine}`, server.url).href);
  await page.waitForFunction(() => window.bench.firstOutputAt !== null || window.bench.error, null, { timeout: 120_000 });
  await page.evaluate(([list, repeats]) => window.measureWarm(list, repeats), [programs, 21]);
  await page.waitForFunction(() => window.bench.warm !== null, null, { timeout: 600_000 });
  const result = await page.evaluate(() => window.bench.warm);
  await browser.close();
  return result;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figures = {};
for (const engine of ["ours", "pyodide"]) {
  const colds = [];
  for (let i = 0; i < runs; i += 1) {
    colds.push(await cold(engine));
  }
  const warmRuns = await warm(engine, engine === "ours" ? bookPrograms() : []);
  figures[engine] = {
    cold: median(colds.map((c) => c.ms)),
    raw: median(colds.map((c) => c.raw)),
    gzip: median(colds.map((c) => c.gzip)),
    output: colds[0].output,
    trivial: median(warmRuns.trivial),
    programs: warmRuns.programs,
  };
}
await server.close();

const ours = figures.ours;
const theirs = figures.pyodide;
if (ours.output.trim() !== theirs.output.trim()) {
  console.log(`warning: the engines printed different output: ${JSON.stringify(ours.output)} vs ${JSON.stringify(theirs.output)}`);
}
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const rows = [
  ["", "ours", "Pyodide 314.0.7", "ours / Pyodide"],
  ["bytes before first output, raw", mb(ours.raw), mb(theirs.raw), ratio(ours.raw, theirs.raw)],
  ["bytes before first output, gzip -9", mb(ours.gzip), mb(theirs.gzip), ratio(ours.gzip, theirs.gzip)],
  [`cold: navigation → first output (median of ${runs})`, ms(ours.cold), ms(theirs.cold), ratio(ours.cold, theirs.cold)],
  ["warm re-run, trivial program (median of 21)", ms(ours.trivial), ms(theirs.trivial), ratio(ours.trivial, theirs.trivial)],
];
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
for (const row of rows) {
  console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
}
const slowest = [...ours.programs].sort((a, b) => b.ms - a.ms);
console.log(`\nwarm re-run of each of the book's ${ours.programs.length} programs (ours): median ${ms(median(ours.programs.map((p) => p.ms)))}, slowest ${ms(slowest[0].ms)} (${slowest[0].name})`);
for (const program of slowest.slice(0, 5)) {
  console.log(`  ${ms(program.ms).padStart(9)}  ${program.name}`);
}
