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
  const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  let acePromise = null;
  let hints = 0;

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

  // The keys that matter to someone without a mouse, on a line under the
  // editor that also serves as the editor's description.
  function keysHint(kind) {
    hints += 1;
    const hint = document.createElement("p");
    hint.className = "wb-editor-keys";
    hint.id = `wb-editor-keys-${hints}`;
    const keys = kind === "ace"
      ? [["Enter", " starts editing, "], ["Esc", " stops, then "], ["Tab", " moves on; "]]
      : [["Tab", " moves on; "]];
    keys.push([IS_MAC ? "⌘-Enter" : "Ctrl-Enter", " runs."]);
    keys.forEach(([key, words]) => {
      const kbd = document.createElement("kbd");
      kbd.textContent = key;
      hint.append(kbd, words);
    });
    return hint;
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
    // Tab lands on the scroller (Enter there starts editing); Ace names it
    // "Editor content", which does not say which program it holds. Ace's
    // gutter would be a stop of its own, before the code, for folding that
    // programs this short never need: its line numbers are only for the eye.
    const hint = keysHint("ace");
    const gutter = editor.renderer.$gutter;
    gutter.setAttribute("tabindex", "-1");
    gutter.setAttribute("aria-hidden", "true");
    editor.renderer.scroller.setAttribute("aria-label", label);
    editor.renderer.scroller.setAttribute("aria-describedby", hint.id);
    editor.textInput.getElement().setAttribute("aria-describedby", hint.id);
    aceEditors.push(editor);
    return {
      kind: "ace",
      hint,
      getValue: () => editor.getValue(),
      setValue: (text) => editor.setValue(text, -1),
      goToLine: (line) => {
        editor.gotoLine(line, 0, true);
        editor.focus();
      },
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
    const hint = keysHint("textarea");
    area.setAttribute("aria-describedby", hint.id);
    host.append(area);
    return {
      kind: "textarea",
      hint,
      getValue: () => area.value,
      goToLine: (line) => {
        const lines = area.value.split("\n");
        const start = lines.slice(0, line - 1).reduce((total, text) => total + text.length + 1, 0);
        area.focus();
        area.setSelectionRange(start, start + (lines[line - 1] || "").length);
      },
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
    // mdBook turns the page on ← and → unless a text field has the focus;
    // in the editor's other parts (its scroller, its gutter) they stay here.
    host.addEventListener("keydown", (event) => {
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.stopPropagation();
      }
    });
    const options = { source, label, onRun, onChange };
    acePromise = acePromise || loadAce();
    return acePromise
      .then((ace) => aceEditor(ace, host, options))
      .catch(() => plainEditor(host, options))
      .then((editor) => {
        pre.after(host);
        host.after(editor.hint);
        container.classList.add("wb-has-editor");
        container.dataset.wbEditor = editor.kind;
        return editor;
      });
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { mountEditor });
})();
