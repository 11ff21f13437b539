// Share links: a Share button on every example and exercise puts the code in
// the editor into a link, deflate-compressed and base64url-encoded in the
// fragment as "#share=<widget id>.<data>" (the widget id is the one edits
// are saved under: "chapter/pair/wrong", "exercise/NAME"). Opening such a
// link loads the code into that widget marked as shared, and never runs it:
// code from a link is someone else's until the reader has read it. It is not
// saved over the reader's own edit unless they edit it. The fragment never
// reaches the server.
// Exposes window.workbookParts.attachShare and openSharedLink for workbook.js.
(function workbookShare() {
  "use strict";

  const { element, button } = window.workbookParts || {};

  const MAX_CODE_BYTES = 100 * 1024;
  // Base64 of the most compressible 100 KB is far shorter than this; a
  // longer fragment is not a link this page made.
  const MAX_FRAGMENT_CHARS = 200 * 1024;
  const FRAGMENT_KEY = "share=";
  const canCompress = typeof CompressionStream === "function" && typeof DecompressionStream === "function";

  class ShareError extends Error {}

  function bytesToBase64url(bytes) {
    let binary = "";
    // Chunks keep String.fromCharCode under the engine's argument limit.
    for (let start = 0; start < bytes.length; start += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function base64urlToBytes(data) {
    if (!/^[A-Za-z0-9_-]*$/.test(data) || data.length % 4 === 1) {
      throw new ShareError("damaged");
    }
    const base64 = data.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  }

  async function encode(text) {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > MAX_CODE_BYTES) {
      throw new ShareError("too-long");
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return bytesToBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
  }

  // Reads at most MAX_CODE_BYTES of output, so a small link cannot make the
  // page inflate gigabytes.
  async function decode(data) {
    const stream = new Blob([base64urlToBytes(data)]).stream()
      .pipeThrough(new DecompressionStream("deflate-raw"));
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        total += value.length;
        if (total > MAX_CODE_BYTES) {
          reader.cancel().catch(() => {});
          throw new ShareError("too-long");
        }
        chunks.push(value);
      }
    } catch (error) {
      throw error instanceof ShareError ? error : new ShareError("damaged");
    }
    const joined = new Uint8Array(total);
    let offset = 0;
    chunks.forEach((chunk) => {
      joined.set(chunk, offset);
      offset += chunk.length;
    });
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(joined);
    } catch {
      throw new ShareError("damaged");
    }
  }

  function linkFor(widgetId, data) {
    const url = new URL(window.location.href);
    url.hash = `${FRAGMENT_KEY}${widgetId}.${data}`;
    return url.href;
  }

  // null when the fragment is not a share link; otherwise the widget id and
  // data, or an error the reader is told about.
  function sharedFragment() {
    const hash = window.location.hash.replace(/^#/, "");
    if (!hash.startsWith(FRAGMENT_KEY)) {
      return null;
    }
    if (hash.length > MAX_FRAGMENT_CHARS) {
      return { error: "too-long" };
    }
    let rest;
    try {
      rest = decodeURIComponent(hash.slice(FRAGMENT_KEY.length));
    } catch {
      return { error: "damaged" };
    }
    // Widget ids hold no "." and base64url has none, so the one dot splits them.
    const dot = rest.lastIndexOf(".");
    if (dot <= 0) {
      return { error: "damaged" };
    }
    return { widgetId: rest.slice(0, dot), data: rest.slice(dot + 1) };
  }

  const LIMIT_TEXT = `${MAX_CODE_BYTES / 1024} KB`;

  // A Share button in the widget's toolbar and, below the toolbar, the link
  // it made. `controls` is what workbook.js's createWidget returns.
  function attachShare(controls) {
    const shareButton = button("share", "Share", "Make a link to the code in this editor");
    const panel = element("div", "wb-share-panel");
    panel.hidden = true;
    const label = element("label", "wb-share-label", "Link to this code, as it is now");
    const field = element("input", "wb-share-link");
    field.type = "text";
    field.readOnly = true;
    field.spellcheck = false;
    field.id = `wb-share-${Math.random().toString(36).slice(2)}`;
    label.htmlFor = field.id;
    field.addEventListener("focus", () => field.select());
    const status = element("p", "wb-share-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    panel.append(label, field, status);
    controls.resetButton.after(shareButton);
    controls.toolbar.after(panel);

    shareButton.addEventListener("click", async () => {
      panel.hidden = false;
      field.value = "";
      if (!canCompress) {
        status.textContent = "This browser cannot make share links (it has no CompressionStream).";
        return;
      }
      status.textContent = "Making the link…";
      let link;
      try {
        link = linkFor(controls.widgetId, await encode(controls.getSource()));
      } catch (error) {
        status.textContent = error instanceof ShareError && error.message === "too-long"
          ? `This code is over ${LIMIT_TEXT}, too long to share as a link.`
          : `The link could not be made (${error.message}).`;
        return;
      }
      field.value = link;
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = "Copied to the clipboard. Whoever opens it sees this code, not run until they press Run.";
      } catch {
        status.textContent = "Copy the link above (this browser did not allow copying it for you).";
      }
      field.focus();
    });
  }

  function showPageMessage(text) {
    const main = document.querySelector("main") || document.body;
    let message = main.querySelector(":scope > .wb-share-message");
    if (!message) {
      message = element("div", "wb-share-message");
      message.setAttribute("role", "alert");
      main.prepend(message);
    }
    message.textContent = text;
  }

  function describe(error, widgetId) {
    const unchanged = " The book's code on this page is unchanged.";
    switch (error) {
      case "too-long":
        return `This link holds more than ${LIMIT_TEXT} of shared code, which the workbook does not open.${unchanged}`;
      case "unknown":
        return `This link shares code for a program that is not on this page (“${widgetId}”). `
          + `Perhaps the link belongs to another chapter, or the book has changed since it was made.${unchanged}`;
      case "unsupported":
        return `This browser cannot open share links (it has no DecompressionStream).${unchanged}`;
      default:
        return `This link's shared code could not be read: the link is damaged or cut short.${unchanged}`;
    }
  }

  // The note above a widget that shows shared code. It goes once the reader
  // edits the code (it is theirs then) or puts their own code back.
  function markShared(controls) {
    const { container } = controls;
    const note = element("div", "wb-shared-note");
    note.setAttribute("role", "status");
    note.tabIndex = -1;
    const lead = element("strong", "wb-shared-lead", "Shared code, not run yet.");
    const rest = element("span", "", " Read it before you press Run. It came from a link, "
      + "and it is not saved in this browser unless you edit it.");
    const restore = button(
      "put-back",
      controls.hasSavedEdit() ? "Put back your code" : "Put back the book's code",
      "Leave the shared code and show the code you had here",
    );
    note.append(lead, rest, " ", restore);
    controls.pre.before(note);
    container.dataset.wbShared = "true";

    // Once it has run, "not run yet" would be untrue.
    const ran = new MutationObserver(() => {
      if (controls.live.dataset.wbState === "running") {
        lead.textContent = "Shared code.";
        ran.disconnect();
      }
    });
    ran.observe(controls.live, { attributes: true, attributeFilter: ["data-wb-state"] });

    function unmark() {
      ran.disconnect();
      note.remove();
      delete container.dataset.wbShared;
    }
    restore.addEventListener("click", () => {
      controls.dropUnsaved();
    });
    return { note, unmark };
  }

  let opening = null;

  // Loads the code of the page's share link, if any, into its widget.
  // `widgets` maps widget ids to what createWidget returns.
  function openSharedLink(widgets) {
    if (!opening) {
      // A share link pasted into this page's address bar changes only the fragment.
      window.addEventListener("hashchange", () => openSharedLink(widgets));
    }
    opening = openFragment(widgets).catch((error) => {
      console.error("workbook-share.js: could not open the share link", error);
    });
    return opening;
  }

  async function openFragment(widgets) {
    const fragment = sharedFragment();
    if (!fragment) {
      return;
    }
    if (fragment.error) {
      showPageMessage(describe(fragment.error));
      return;
    }
    const controls = widgets.get(fragment.widgetId);
    if (!controls) {
      showPageMessage(describe("unknown", fragment.widgetId));
      return;
    }
    if (!canCompress) {
      showPageMessage(describe("unsupported"));
      return;
    }
    let code;
    try {
      code = await decode(fragment.data);
    } catch (error) {
      showPageMessage(describe(error instanceof ShareError ? error.message : "damaged"));
      return;
    }
    await controls.ready;
    if (controls.container.dataset.wbShared === "true") {
      controls.dropUnsaved();
    }
    const { note, unmark } = markShared(controls);
    controls.showUnsaved(code, unmark);
    note.scrollIntoView({ block: "start" });
    note.focus({ preventScroll: true });
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { attachShare, openSharedLink });
})();
