// The book's service worker: after one visit, every chapter can be read and
// every snippet run with the network off. theme/workbook-offline.js registers
// it as offline.js?v=<build fingerprint>, so each build of the book installs
// its own copy next to the old one, and the old one goes once the new one is
// complete.
//
// Install copies into a cache named after the build everything a reader
// needs, found the way a reader's browser would find it: the chapters listed
// in toc.html (mdBook's table of contents), the pages they link to, the
// scripts, styles, icons and search index those pages load, the fonts the
// styles load, and the files the page scripts load at run time (the sandbox
// worker with its wasm module, and the editor). It is all or nothing: an
// install that misses one file fails, and the next visit tries again.
//
// Every request is network first: online the reader always gets the server's
// current file (pages are revalidated past the HTTP cache too), and what comes
// back refreshes the copy. Only when the network fails does the copy answer.
"use strict";

const CACHE_PREFIX = "workbook-offline-";
const BUILD = new URL(self.location.href).searchParams.get("v") || "unversioned";
const CACHE_NAME = CACHE_PREFIX + BUILD;
const SCOPE = self.registration.scope;
// Where the install's summary is kept, inside the cache it describes.
const MANIFEST_URL = new URL("offline.js?manifest", SCOPE).href;
// Loaded by the page scripts, not linked from any page: the sandbox worker
// (workbook.js; "module" means its imports are followed to the wasm glue and
// the wasm) and the editor with the mode and themes workbook-editor.js loads.
const RUN_TIME_FILES = [
  ["sandbox/worker.js", "module"],
  ["sandbox/ace/ace.js", "file"],
  ["sandbox/ace/mode-python.js", "file"],
  ["sandbox/ace/theme-dawn.js", "file"],
  ["sandbox/ace/theme-tomorrow_night.js", "file"],
];
const PARALLEL_FETCHES = 6;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(
    fillCache().catch(async (error) => {
      // A cache of this name that once completed belongs to the worker still
      // in charge (the same build, installed again); it stays whole, as every
      // file it held is still there, fresh or not.
      const cache = await caches.open(CACHE_NAME);
      if (!(await cache.match(MANIFEST_URL))) {
        await caches.delete(CACHE_NAME);
      }
      throw error;
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names
        .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
        .map((name) => caches.delete(name)),
    );
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) {
    return;
  }
  event.respondWith(networkFirst(event));
});

// {kind: "offline-status"} on a MessageChannel: answers with the install's
// summary {version, files, bytes, pages}, or null while there is none.
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports && event.ports[0];
  if (message.kind !== "offline-status" || !port) {
    return;
  }
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE_NAME);
    const stored = await cache.match(MANIFEST_URL);
    port.postMessage(stored ? await stored.json() : null);
  })());
});

async function networkFirst(event) {
  const { request } = event;
  const isPage = request.mode === "navigate";
  let response;
  try {
    // A page from the HTTP cache could be older than the server's; asking the
    // server again costs a 304 at most.
    response = await fetch(isPage ? new Request(request, { cache: "no-cache" }) : request);
  } catch (networkError) {
    const copy = await fromCache(request, isPage);
    if (copy) {
      return copy;
    }
    throw networkError;
  }
  if (response.ok && response.type === "basic" && !response.redirected) {
    event.waitUntil(refresh(request.url, response.clone()));
  }
  return response;
}

async function fromCache(request, isPage) {
  const cache = await caches.open(CACHE_NAME);
  // Search results link to pages with ?highlight=…; the page is the same.
  const found = await cache.match(request, { ignoreSearch: isPage });
  if (found || !isPage) {
    return found;
  }
  const url = new URL(request.url);
  if (url.pathname.endsWith("/")) {
    const index = await cache.match(new URL("index.html", url).href);
    if (index) {
      return index;
    }
  }
  // A page the copy never had: the book's own "not found" page, as a 404.
  const missing = await cache.match(new URL("404.html", SCOPE).href);
  return missing
    ? new Response(await missing.blob(), { status: 404, statusText: "Not Found", headers: missing.headers })
    : undefined;
}

// Keeps the copy in step with what the reader last saw online, without
// rewriting an unchanged file (the wasm module is 15 MB) when the server
// says it is unchanged.
async function refresh(url, response) {
  const cache = await caches.open(CACHE_NAME);
  const old = await cache.match(url);
  if (old && sameVersion(old.headers, response.headers)) {
    return;
  }
  await cache.put(url, response);
}

function sameVersion(a, b) {
  const etag = a.get("ETag");
  if (etag) {
    return etag === b.get("ETag");
  }
  const modified = a.get("Last-Modified");
  return Boolean(modified) && modified === b.get("Last-Modified")
    && a.get("Content-Length") === b.get("Content-Length");
}

// Fetches everything reachable from the table of contents and the run-time
// files into a fresh cache, following links as each file arrives.
async function fillCache() {
  const cache = await caches.open(CACHE_NAME);
  const seen = new Set();
  const queue = [];
  const totals = { files: 0, bytes: 0, pages: 0 };

  function want(url, kind) {
    const clean = new URL(url);
    clean.hash = "";
    const key = clean.href;
    if (!key.startsWith(SCOPE) || key === self.location.href || seen.has(key)) {
      return;
    }
    seen.add(key);
    queue.push({ url: key, kind });
  }

  async function take({ url, kind }) {
    const response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) {
      if (kind === "optional") {
        return;
      }
      throw new Error(`offline copy: ${url} answered ${response.status}`);
    }
    // Read once: the text is searched for links and the bytes are counted.
    const body = await response.blob();
    // The body is stored decoded, so it must not claim to be compressed.
    const headers = new Headers(response.headers);
    headers.delete("Content-Encoding");
    headers.set("Content-Length", String(body.size));
    await cache.put(url, new Response(body, { status: 200, headers }));
    totals.files += 1;
    totals.bytes += body.size;
    if (kind === "page") {
      totals.pages += 1;
      linksOfPage(await body.text(), url).forEach(([link, linkKind]) => want(link, linkKind));
    } else if (kind === "style") {
      urlsOfStyle(await body.text(), url).forEach((link) => want(link, "file"));
    } else if (kind === "module") {
      importsOfModule(await body.text(), url).forEach((link) => {
        // The glue imports scripts and loads the wasm module; only scripts import more.
        want(link, /\.m?js$/.test(new URL(link).pathname) ? "module" : "file");
      });
    }
  }

  want(SCOPE, "page");
  want(new URL("index.html", SCOPE).href, "page");
  want(new URL("toc.html", SCOPE).href, "page");
  // The server's answer to unknown addresses, and this worker's to pages it
  // has no copy of; a book may have none.
  want(new URL("404.html", SCOPE).href, "optional");
  RUN_TIME_FILES.forEach(([path, kind]) => want(new URL(path, SCOPE).href, kind));

  // Each runner takes the next file until none are left; a page or style
  // adds to the queue while the others are still busy.
  let running = 0;
  await new Promise((resolve, reject) => {
    let failed = false;
    function next() {
      if (failed) {
        return;
      }
      while (running < PARALLEL_FETCHES && queue.length > 0) {
        running += 1;
        take(queue.shift()).then(
          () => {
            running -= 1;
            next();
          },
          (error) => {
            failed = true;
            reject(error);
          },
        );
      }
      if (running === 0 && queue.length === 0) {
        resolve();
      }
    }
    next();
  });

  const manifest = { version: BUILD, ...totals };
  await cache.put(MANIFEST_URL, new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/json" },
  }));
}

// mdBook writes its attributes in double quotes, and code on a page is
// escaped (&lt;a …), so these patterns only meet real markup.
const TAG_LINK = /<(a|link|script|img|source)\b[^>]*?\s(href|src)="([^"]*)"/gi;
const SEARCH_INDEX = /path_to_searchindex_js\s*=\s*"([^"]+)"/;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)|@import\s+"([^"]+)"/gi;
const MODULE_IMPORT = /\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?\(?\s*["']([^"']+)["']|new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url/g;

// [url, kind] for the pages a page links to and the files it loads.
function linksOfPage(html, pageUrl) {
  const base = baseOf(html, pageUrl);
  const found = [];
  for (const match of html.matchAll(TAG_LINK)) {
    const tag = match[1].toLowerCase();
    const url = resolve(match[3], base);
    if (!url) {
      continue;
    }
    if (tag === "a") {
      if (url.pathname.endsWith(".html") || url.pathname.endsWith("/")) {
        url.search = "";
        found.push([url.href, "page"]);
      }
    } else if (tag === "link" && /rel="[^"]*stylesheet/i.test(match[0])) {
      found.push([url.href, "style"]);
    } else {
      found.push([url.href, "file"]);
    }
  }
  const index = html.match(SEARCH_INDEX);
  if (index) {
    const url = resolve(index[1], base);
    if (url) {
      found.push([url.href, "file"]);
    }
  }
  return found;
}

// 404.html sets <base href="/"> so that it works at any depth.
function baseOf(html, pageUrl) {
  const tag = html.match(/<base\s[^>]*href="([^"]*)"/i);
  return tag ? new URL(tag[1], pageUrl).href : pageUrl;
}

function urlsOfStyle(css, styleUrl) {
  const found = [];
  for (const match of css.matchAll(CSS_URL)) {
    const link = match[1] || match[2] || match[3] || match[4];
    const url = link && !link.startsWith("data:") ? resolve(link, styleUrl) : null;
    if (url) {
      found.push(url.href);
    }
  }
  return found;
}

function importsOfModule(source, moduleUrl) {
  const found = [];
  for (const match of source.matchAll(MODULE_IMPORT)) {
    const url = resolve(match[1] || match[2], moduleUrl);
    if (url) {
      found.push(url.href);
    }
  }
  return found;
}

// The link as an address inside the book, or null for anything outside it.
function resolve(link, base) {
  try {
    const url = new URL(link, base);
    url.hash = "";
    return url.href.startsWith(SCOPE) ? url : null;
  } catch {
    return null;
  }
}
