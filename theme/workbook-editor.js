// Editors for the workbook's widgets: Ace, loaded lazily from the book's
// sandbox/ace/ folder and following mdBook's light or dark theme; a plain
// textarea when Ace cannot be loaded, so code can always be edited and run.
// Exposes window.workbookParts.mountEditor for workbook.js.
(function workbookEditor() {
  "use strict";

  /* global path_to_root */
  const root = typeof path_to_root === "string" ? path_to_root : "";
  const html = document.documentElement;
  const aceBase = root + "sandbox/ace/";
  const aceEditors = [];
  let acePromise = null;

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.appendChild(script);
    });
  }

  async function loadAce() {
    // mdBook's own playground may have loaded Ace already; reuse it.
    if (!window.ace) {
      await loadScript(aceBase + "ace.js");
    }
    window.ace.config.set("basePath", aceBase);
    // Highlighting and themes are nice to have: an editor without them still works.
    await Promise.all(
      ["mode-python.js", "theme-dawn.js", "theme-tomorrow_night.js"].map((file) =>
        loadScript(aceBase + file).catch(() => {}),
      ),
    );
    followPageTheme();
    return window.ace;
  }

  function aceTheme() {
    // Every mdBook theme declares --color-scheme; the class list is a fallback
    // for pages styled without mdBook's variables.
    const scheme = getComputedStyle(html).getPropertyValue("--color-scheme").trim();
    const dark = scheme
      ? scheme === "dark"
      : ["coal", "navy", "ayu"].some((name) => html.classList.contains(name));
    return dark ? "ace/theme/tomorrow_night" : "ace/theme/dawn";
  }

  // mdBook switches themes by swapping a class on <html>.
  function followPageTheme() {
    new MutationObserver(() => {
      const theme = aceTheme();
      aceEditors.forEach((editor) => editor.setTheme(theme));
    }).observe(html, { attributes: true, attributeFilter: ["class"] });
  }

  function aceEditor(ace, host, { source, label, onRun, onChange }) {
    const editor = ace.edit(host, {
      mode: "ace/mode/python",
      theme: aceTheme(),
      minLines: 3,
      maxLines: Infinity,
      fontSize: "0.875em",
      tabSize: 4,
      useSoftTabs: true,
      showPrintMargin: false,
      highlightActiveLine: false,
      useWorker: false,
      // Tab indents inside the editor, so Escape must hand focus back to the page.
      enableKeyboardAccessibility: true,
      // Ace keeps its own "Cursor at row N" after this name.
      textInputAriaLabel: label,
    });
    editor.setValue(source, -1);
    editor.session.on("change", () => onChange(editor.getValue()));
    editor.commands.addCommand({
      name: "workbookRun",
      bindKey: { win: "Ctrl-Enter|Cmd-Enter", mac: "Cmd-Enter|Ctrl-Enter" },
      exec: onRun,
    });
    aceEditors.push(editor);
    return {
      kind: "ace",
      getValue: () => editor.getValue(),
      setValue: (text) => editor.setValue(text, -1),
    };
  }

  function plainEditor(host, { source, label, onRun, onChange }) {
    // Whatever a failed Ace set-up left behind goes.
    host.replaceChildren();
    const area = document.createElement("textarea");
    area.className = "wb-editor-plain";
    area.value = source;
    area.rows = Math.max(3, source.split("\n").length);
    area.spellcheck = false;
    area.setAttribute("autocapitalize", "off");
    area.setAttribute("autocomplete", "off");
    area.setAttribute("aria-label", label);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        onRun();
      }
    });
    area.addEventListener("input", () => onChange(area.value));
    host.append(area);
    return {
      kind: "textarea",
      getValue: () => area.value,
      setValue: (text) => {
        area.value = text;
        onChange(text);
      },
    };
  }

  // Puts an editor holding `source` right after `pre` once one is ready, and
  // marks `container` with data-wb-editor="ace" or "textarea". Until then the
  // <pre> stays on screen, so a slow Ace never blocks reading. `onChange`
  // hears the whole text after every edit.
  function mountEditor({ container, pre, source, label, onRun, onChange = () => {} }) {
    const host = document.createElement("div");
    host.className = "wb-editor";
    const options = { source, label, onRun, onChange };
    acePromise = acePromise || loadAce();
    return acePromise
      .then((ace) => aceEditor(ace, host, options))
      .catch(() => plainEditor(host, options))
      .then((editor) => {
        pre.after(host);
        container.classList.add("wb-has-editor");
        container.dataset.wbEditor = editor.kind;
        return editor;
      });
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { mountEditor });
})();
