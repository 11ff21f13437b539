// Pyodide from its npm package, with its standard library zip, as a page
// would load it.
import { loadPyodide } from "/pyodide/pyodide.mjs";
import { GATHER, TRIVIAL } from "./program.mjs";

let pyodide;
let printed = [];

// Pyodide's web loop is already running, so a top-level await stands in for
// asyncio.run(main()), which it cannot nest.
const forPyodide = (source) => source.replace(/^asyncio\.run\((.*)\)$/m, "await $1");

try {
  pyodide = await loadPyodide({ indexURL: "/pyodide/", stdout: (line) => printed.push(line) });
  await pyodide.runPythonAsync(forPyodide(GATHER), { globals: pyodide.globals.get("dict")() });
  self.postMessage({ kind: "first-output", text: printed.join("\n") });
} catch (error) {
  self.postMessage({ kind: "error", message: String(error) });
}

async function timedRun(source) {
  const namespace = pyodide.globals.get("dict")();
  const started = performance.now();
  let exit = 0;
  try {
    await pyodide.runPythonAsync(forPyodide(source), { globals: namespace });
  } catch {
    exit = 1;
  }
  const ms = performance.now() - started;
  namespace.destroy();
  return { ms, exit };
}

self.onmessage = async ({ data }) => {
  const trivial = [];
  for (let i = 0; i < data.repeats; i += 1) {
    trivial.push((await timedRun(TRIVIAL)).ms);
  }
  self.postMessage({ kind: "warm", trivial, programs: [] });
};
