// Registers the book's service worker (src/offline.js, served from the book's
// root), which keeps a copy of every chapter and of the Python sandbox so the
// book reads and runs with the network off after one visit. A browser without
// service workers, a page opened from file:// or a refused registration just
// means no offline copy; the page never depends on it.
//
// The worker's address carries a fingerprint of this build (the content-hashed
// names mdBook gives its files), so a new build installs a new copy and the old
// one is dropped. Publishes <html data-wb-offline="ready|failed"> and, once the
// copy is complete, data-wb-offline-files and data-wb-offline-bytes: what the
// install stored.
(function workbookOffline() {
  "use strict";

  /* global path_to_root */
  const html = document.documentElement;
  // mdBook's content hash in a file name: book-609e4cb8.js, mark-09e88c2c.min.js.
  const HASHED_NAME = /-[0-9a-f]{8}(?:\.min)?\.[a-z0-9]+$/;

  if (!/^https?:$/.test(window.location.protocol) || !("serviceWorker" in navigator)) {
    return;
  }

  // FNV-1a: short and stable; nothing here needs a cryptographic hash.
  function hash(text) {
    let value = 0x811c9dc5;
    for (let index = 0; index < text.length; index += 1) {
      value ^= text.charCodeAt(index);
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return value.toString(16).padStart(8, "0");
  }

  // The same on every page of one build, different after any change to the
  // book's text (the search index), styles or scripts. Files the page scripts
  // add later (the editor's) carry no hash and do not count.
  function buildFingerprint(rootUrl) {
    const names = new Set();
    function add(link) {
      if (typeof link !== "string" || link === "") {
        return;
      }
      const url = new URL(link, document.baseURI);
      if (url.href.startsWith(rootUrl.href) && HASHED_NAME.test(url.pathname)) {
        names.add(url.href.slice(rootUrl.href.length));
      }
    }
    document.querySelectorAll("script[src]").forEach((node) => add(node.getAttribute("src")));
    document.querySelectorAll("link[href]").forEach((node) => add(node.getAttribute("href")));
    add(window.path_to_searchindex_js);
    return hash(Array.from(names).sort().join("\n"));
  }

  function askStatus(worker) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage({ kind: "offline-status" }, [channel.port2]);
    });
  }

  function settled(worker) {
    const done = () => worker.state === "activated" || worker.state === "redundant";
    return new Promise((resolve) => {
      if (done()) {
        resolve();
        return;
      }
      worker.addEventListener("statechange", () => {
        if (done()) {
          resolve();
        }
      });
    });
  }

  async function register() {
    const rootUrl = new URL(typeof path_to_root === "string" ? path_to_root : "", document.baseURI);
    const version = buildFingerprint(rootUrl);
    const registration = await navigator.serviceWorker.register(
      new URL(`offline.js?v=${version}`, rootUrl).href,
      // The worker script is checked for changes past the HTTP cache.
      { scope: rootUrl.href, updateViaCache: "none" },
    );
    // Some browsers (and automated ones) refuse without an error.
    if (!registration) {
      html.dataset.wbOffline = "failed";
      return;
    }
    const pending = registration.installing || registration.waiting;
    if (pending) {
      await settled(pending);
    }
    const status = registration.active ? await askStatus(registration.active) : null;
    if (!status || status.version !== version) {
      html.dataset.wbOffline = "failed";
      return;
    }
    html.dataset.wbOfflineFiles = String(status.files);
    html.dataset.wbOfflineBytes = String(status.bytes);
    html.dataset.wbOffline = "ready";
  }

  function start() {
    register().catch((error) => {
      html.dataset.wbOffline = "failed";
      console.info("workbook-offline.js: no offline copy of the book", error);
    });
  }

  // The copy is over 20 MB: it must not compete with the sandbox's own
  // download, which the reader waits for. On a page with live code it starts
  // once the sandbox has loaded (or failed to); elsewhere when the browser is
  // idle.
  const SANDBOX_SETTLED = ["ready", "failed"];

  function whenIdle() {
    if ("requestIdleCallback" in window) {
      window.requestIdleCallback(start, { timeout: 5000 });
    } else {
      setTimeout(start, 2000);
    }
  }

  function whenSettled() {
    if (!document.querySelector(".wb-snippet, .wb-exercise")
        || SANDBOX_SETTLED.includes(html.dataset.wbWorker)) {
      whenIdle();
      return;
    }
    const watcher = new MutationObserver(() => {
      if (SANDBOX_SETTLED.includes(html.dataset.wbWorker)) {
        watcher.disconnect();
        whenIdle();
      }
    });
    watcher.observe(html, { attributes: true, attributeFilter: ["data-wb-worker"] });
  }

  if (document.readyState === "complete") {
    whenSettled();
  } else {
    window.addEventListener("load", whenSettled, { once: true });
  }
})();
