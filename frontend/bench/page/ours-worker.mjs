// The workbook sandbox, loaded the way the book's worker loads it.
import init, { run, prepare } from "/ours/workbook_sandbox_wasm.js";
import { GATHER, TRIVIAL } from "./program.mjs";

try {
  await init();
  const report = JSON.parse(run(GATHER, "main.py"));
  self.postMessage({ kind: "first-output", text: report.stdout + report.stderr });
} catch (error) {
  self.postMessage({ kind: "error", message: String(error) });
}

// Each run uses a fresh interpreter, built ahead of time while the page is
// idle (as the book's worker does): only the run itself is timed.
function timedRun(source) {
  prepare();
  const started = performance.now();
  const report = JSON.parse(run(source, "main.py"));
  return { ms: performance.now() - started, exit: report.exit_code };
}

self.onmessage = ({ data }) => {
  const trivial = [];
  for (let i = 0; i < data.repeats; i += 1) {
    trivial.push(timedRun(TRIVIAL).ms);
  }
  const programs = data.programs.map(({ name, source }) => ({ name, ...timedRun(source) }));
  self.postMessage({ kind: "warm", trivial, programs });
};
