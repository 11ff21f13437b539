// A tiny static file server for the browser tests: 127.0.0.1, a free port
// chosen by the OS, and the MIME types module workers and wasm streaming
// compilation insist on. `mounts` overlays extra directories on URL prefixes,
// which is how the fixture book borrows the repository's theme and sandbox.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

function resolveFile(urlPath, root, mounts) {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (urlPath.startsWith(prefix)) {
      return inside(dir, urlPath.slice(prefix.length));
    }
  }
  return inside(root, urlPath);
}

// Refuses `..` escapes so a test cannot read outside the served tree.
function inside(dir, relative) {
  const base = normalize(dir + sep);
  const full = normalize(join(base, relative));
  return full.startsWith(base) ? full : null;
}

export async function serve(root, mounts = {}) {
  const server = createServer(async (request, response) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    let file = resolveFile(urlPath, root, mounts);
    try {
      if (file && (await stat(file)).isDirectory()) {
        file = join(file, "index.html");
      }
      const info = file && (await stat(file));
      if (!info || !info.isFile()) {
        throw new Error("not a file");
      }
      response.writeHead(200, {
        "Content-Type": TYPES[extname(file)] || "application/octet-stream",
        "Content-Length": info.size,
        // Lets Chromium keep its compiled wasm between pages of one test run;
        // every run starts with a fresh profile, so nothing goes stale.
        "Cache-Control": "max-age=600",
      });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${urlPath}\n`);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
