// The Python sandbox runs here, in a module worker, so that a long or endless
// program can never freeze the page: the page stops it by terminating this
// worker. Protocol (page → worker, worker → page):
//   ← {kind: "ready"}                       once the wasm module is initialised
//   ← {kind: "init-error", message}         the module could not be loaded
//   → {id, kind: "run", source, filename}
//   → {id, kind: "check", source, checks}
//   ← {id, kind: "result", report, heapBytes}  report is the parsed JSON object;
//                                           heapBytes the wasm memory's size after it.
//                                           report.feedback lists the asyncio
//                                           mistakes found: the static lint's
//                                           (kind "static") and the run's own
//                                           (kind "runtime")
//   ← {id, kind: "error", message, fatal}   fatal: this worker is now unusable
// No `window` here: only what a WorkerGlobalScope offers.

import init, { run, check, lint, prepare } from "./pkg/workbook_sandbox_wasm.js";

// After a trap (a Rust panic surfaces as `RuntimeError: unreachable`) or a
// stack overflow the wasm instance's memory is in an unknown state, so every
// later call is refused and the page is told to start a fresh worker.
let unusable = null;
let memory = null;

const initialised = init().then(
  (exports) => {
    memory = exports?.memory ?? null;
    self.postMessage({ kind: "ready" });
    prepareSoon();
    return true;
  },
  (error) => {
    unusable = describe(error);
    self.postMessage({ kind: "init-error", message: unusable });
    return false;
  },
);

// Registered before the first await so that no early message is missed.
self.onmessage = async (event) => {
  const request = event.data || {};
  await initialised;
  self.postMessage(answer(request));
  prepareSoon();
};

// Loading a fresh interpreter with asyncio is most of a run's cost, and every
// run needs a fresh one. Build the next one as soon as the worker is idle, so
// the reader's next Run starts at once. A request that arrives meanwhile waits
// for it, as it would have had to build one anyway.
function prepareSoon() {
  setTimeout(() => {
    if (unusable) {
      return;
    }
    try {
      prepare();
    } catch (error) {
      unusable = describe(error);
    }
  }, 0);
}

function answer({ id, kind, source, filename, checks }) {
  if (unusable) {
    return { id, kind: "error", message: unusable, fatal: true };
  }
  let json;
  try {
    if (kind === "run") {
      json = run(String(source), String(filename || "main.py"));
    } else if (kind === "check") {
      json = check(String(source), String(checks));
    } else {
      return { id, kind: "error", message: `unknown request kind ${JSON.stringify(kind)}`, fatal: false };
    }
  } catch (error) {
    unusable = describe(error);
    return { id, kind: "error", message: unusable, fatal: true };
  }
  let report;
  try {
    report = JSON.parse(json);
  } catch (error) {
    return { id, kind: "error", message: `unreadable report (${describe(error)})`, fatal: false };
  }
  report.feedback = [...staticFindings(String(source)), ...runtimeFindings(report)];
  return { id, kind: "result", report, heapBytes: memory ? memory.buffer.byteLength : 0 };
}

// A program that does not parse gets CPython's SyntaxError from the run
// itself; the lint has nothing to add then. A trap inside the lint leaves the
// wasm instance as unusable as one inside a run: the next request is refused
// and the page starts a fresh worker.
function staticFindings(source) {
  try {
    const outcome = JSON.parse(lint(source));
    return (outcome.findings || []).map((finding) => ({ ...finding, kind: "static" }));
  } catch (error) {
    unusable = unusable || describe(error);
    return [];
  }
}

function runtimeFindings(report) {
  const findings = Array.isArray(report.feedback) ? report.feedback : [];
  return findings.map((finding) => ({ ...finding, kind: "runtime" }));
}

function describe(error) {
  if (error instanceof Error) {
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}
