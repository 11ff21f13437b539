// The page's side of the Python sandbox: one Web Worker shared by every
// widget on the page, one request at a time, and a time budget. Terminating
// the worker is the only way to stop wasm that never returns, so Stop and the
// budget both replace the worker. Worker protocol: see src/sandbox/worker.js.
// The worker's state is published as <html data-wb-worker="idle|loading|
// ready|failed"> for anyone (tests included) who needs to wait for it, and
// its wasm memory size after the last run as data-wb-worker-heap (bytes).
// Exposes window.workbookParts.createSandbox for workbook.js.
(function workbookSandbox() {
  "use strict";

  const html = document.documentElement;
  const BUDGET_SECONDS = 10;
  // Each run leaves a little memory behind in the worker's wasm instance
  // (objects RustPython's collector keeps listed), and every later run pays
  // to walk it. After this many runs the worker is replaced while idle.
  const RUNS_PER_WORKER = 25;

  class SandboxError extends Error {
    constructor(reason, message) {
      super(message);
      this.reason = reason; // "stopped" | "budget" | "crashed" | "failed" | "unavailable"
    }
  }

  // request(message, onPhase) resolves with the worker's report or rejects
  // with a SandboxError; onPhase("loading" | "running") tells the caller
  // whether it is still waiting for the worker or its program is running.
  function createSandbox(workerUrl) {
    let worker = null;
    let started = null; // resolves when the current worker says ready
    let job = null;
    let nextId = 1;
    let starts = 0;
    let runsOnWorker = 0;
    const busyListeners = [];

    function setState(state) {
      html.dataset.wbWorker = state;
    }

    function start() {
      if (started) {
        return started;
      }
      setState("loading");
      runsOnWorker = 0;
      // Counted so tests can tell that Stop really replaced a busy worker.
      starts += 1;
      html.dataset.wbWorkerStarts = String(starts);
      let current;
      started = new Promise((resolve, reject) => {
        try {
          current = new Worker(workerUrl, { type: "module" });
        } catch (error) {
          reject(new SandboxError("unavailable", String(error)));
          return;
        }
        worker = current;
        current.onmessage = (event) => {
          if (current !== worker) {
            return;
          }
          const message = event.data || {};
          if (message.kind === "ready") {
            setState("ready");
            resolve();
          } else if (message.kind === "init-error") {
            reject(new SandboxError("unavailable", message.message));
          } else {
            receive(message);
          }
        };
        // Before "ready" this is a module worker whose script or wasm glue
        // failed to load, reported as a bare event without details. After it,
        // an uncaught error inside the worker, which is then not trusted again.
        current.onerror = (event) => {
          if (current !== worker) {
            return;
          }
          event.preventDefault();
          if (html.dataset.wbWorker !== "ready") {
            reject(new SandboxError("unavailable", event.message || "the worker script or its wasm module did not load"));
            return;
          }
          if (job && job.posted) {
            finish(job, new SandboxError("crashed", event.message || "an uncaught error in the worker"));
          }
          restart();
        };
      });
      const attempt = started;
      // A failed start is forgotten, so that the next Run tries again.
      attempt.catch(() => {
        if (started === attempt) {
          discardWorker();
          setState("failed");
        }
      });
      return attempt;
    }

    function discardWorker() {
      if (worker) {
        worker.terminate();
      }
      worker = null;
      started = null;
    }

    function restart() {
      discardWorker();
      start().catch(() => {});
    }

    function receive(message) {
      if (!job || message.id !== job.id) {
        return;
      }
      if (message.kind === "result") {
        html.dataset.wbWorkerHeap = String(message.heapBytes || 0);
        finish(job, message.report);
        runsOnWorker += 1;
        if (runsOnWorker >= RUNS_PER_WORKER) {
          // Between runs, so nobody waits for it unless they press Run at once.
          setTimeout(() => {
            if (!job) {
              restart();
            }
          }, 0);
        }
      } else if (message.kind === "error") {
        finish(job, new SandboxError(message.fatal ? "crashed" : "failed", message.message));
        if (message.fatal) {
          restart();
        }
      }
    }

    function finish(entry, outcome) {
      if (job !== entry) {
        return;
      }
      clearTimeout(entry.timer);
      job = null;
      if (outcome instanceof Error) {
        entry.reject(outcome);
      } else {
        entry.resolve(outcome);
      }
      busyListeners.forEach((listener) => listener(false));
    }

    // Terminating is the only way to stop wasm that never returns; a fresh
    // worker is started at once so the next Run does not pay for the wait.
    function abort(reason, message) {
      const entry = job;
      if (!entry) {
        return;
      }
      finish(entry, new SandboxError(reason, message));
      if (entry.posted) {
        restart();
      }
    }

    function request(message, onPhase) {
      if (job) {
        return Promise.reject(new SandboxError("failed", "another program is still running on this page"));
      }
      const entry = { id: nextId++, posted: false, timer: 0 };
      const done = new Promise((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      job = entry;
      busyListeners.forEach((listener) => listener(true));
      if (html.dataset.wbWorker !== "ready") {
        onPhase("loading");
      }
      start().then(
        () => {
          if (job !== entry) {
            return;
          }
          onPhase("running");
          entry.posted = true;
          entry.timer = setTimeout(
            () => abort("budget", `Stopped: the program ran for ${BUDGET_SECONDS} s without finishing (an endless loop?)`),
            BUDGET_SECONDS * 1000,
          );
          worker.postMessage({ id: entry.id, ...message });
        },
        (error) => finish(entry, error),
      );
      return done;
    }

    setState("idle");
    return {
      start: () => start().catch(() => {}),
      request,
      stop: () => abort("stopped", "Stopped."),
      onBusyChange: (listener) => busyListeners.push(listener),
    };
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { createSandbox });
})();
