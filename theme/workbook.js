// Makes the workbook's wrong/correct pairs and exercises live: an editor per
// snippet, Run/Stop/Reset (and Check, hints and a solution for exercises),
// and live output from the Python sandbox. The page is complete without this
// script (source and recorded output are plain HTML), so nothing here may
// delay or hide that text. Needs workbook-dom.js, workbook-sandbox.js,
// workbook-editor.js and workbook-storage.js loaded first (mdBook's
// additional-js, in that order); with workbook-timeline.js loaded too, every
// run draws its timeline and each wrong/correct pair can compare its two
// timelines on one time scale; with workbook-diff.js, workbook-share.js and
// workbook-progress.js, the solution is shown as a diff, every widget can be
// shared as a link, and an exercise whose checks all pass is marked solved;
// with workbook-feedback.js, every run and check lists the asyncio mistakes
// found in the code.
(function workbook() {
  "use strict";

  /* global path_to_root */
  const root = typeof path_to_root === "string" ? path_to_root : "";
  const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  const RUN_SHORTCUT = IS_MAC ? "⌘-Enter" : "Ctrl-Enter";
  const {
    element,
    button,
    createSandbox,
    mountEditor,
    createStore,
    renderTimeline,
    timelineExtent,
    renderFeedback,
    renderDiff,
    attachShare,
    openSharedLink,
    attachSolvedMark,
  } = window.workbookParts || {};
  const store = createStore ? createStore() : null;

  function describeExit(report) {
    const code = Number(report.exit_code);
    return code === 0 ? "Finished." : `Exited with status ${code}.`;
  }

  function describeFailure(error) {
    switch (error.reason) {
      case "stopped":
      case "budget":
        return error.message;
      case "unavailable":
        return `The Python sandbox could not be loaded (${error.message}). The book's recorded output above is still accurate.`;
      case "crashed":
        return `The Python sandbox crashed (${error.message}). A fresh one is starting; run again.`;
      default:
        return `The Python sandbox failed: ${error.message}`;
    }
  }

  // A run's timeline as a picture in `slot`. A picture that fails to draw
  // must not cost the reader the output above it.
  function drawTimeline(slot, report, options) {
    slot.replaceChildren();
    if (!renderTimeline || !Array.isArray(report.timeline)) {
      return null;
    }
    try {
      const picture = renderTimeline(report.timeline, options);
      slot.append(picture);
      return picture;
    } catch (error) {
      console.error("workbook.js: could not draw the timeline", error);
      return null;
    }
  }

  function createWidget(sandbox, container, options) {
    const pre = container.querySelector("pre.wb-source");
    const code = pre.querySelector("code") || pre;
    // The book's files end with a newline; an editor shows it as a stray empty line.
    const original = code.textContent.replace(/\n$/, "");
    // What the reader typed last time, if it differs from the book.
    const saved = store && store.load(options.storageId);
    let editor = null;
    let running = false;

    const toolbar = element("div", "wb-toolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", options.toolbarLabel);
    const runButton = button("run", "Run", `Run this program (${RUN_SHORTCUT})`);
    runButton.setAttribute("aria-keyshortcuts", IS_MAC ? "Meta+Enter" : "Control+Enter");
    const stopButton = button("stop", "Stop", "Stop the running program");
    const resetButton = button("reset", "Reset", "Put back the book's code");
    stopButton.disabled = true;
    toolbar.append(runButton, stopButton);

    const live = element("div", "wb-live");
    const status = element("p", "wb-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const stdout = element("pre", "wb-out-stdout");
    const stderr = element("pre", "wb-out-stderr");
    // Read out when a run fills them, like the status line.
    [[stdout, "Output"], [stderr, "Errors (stderr)"]].forEach(([node, name]) => {
      node.setAttribute("role", "log");
      node.setAttribute("aria-live", "polite");
      node.setAttribute("aria-label", name);
    });
    const feedback = element("div", "wb-feedback-slot");
    const timeline = element("div", "wb-timeline-slot");
    live.append(element("div", "wb-live-label", "Your run"), status, stdout, stderr, feedback, timeline);

    // The same words again would be read out again.
    function setStatus(text, state) {
      if (status.textContent !== text) {
        status.textContent = text;
      }
      live.dataset.wbState = state;
    }

    // A keyboard reader who pressed Run (or Check) is moved to Stop, which
    // now matters, and back once the program ends, instead of being left on
    // a button that just went disabled.
    let focusAfterRun = null;
    function setRunning(value) {
      running = value;
      const focused = document.activeElement;
      stopButton.disabled = !value;
      if (value && focused !== stopButton && toolbar.contains(focused)) {
        focusAfterRun = focused;
        stopButton.focus();
      } else if (!value && focused === stopButton) {
        (focusAfterRun || runButton).focus();
      }
      if (!value) {
        focusAfterRun = null;
      }
    }

    sandbox.onBusyChange((busy) => {
      options.busyButtons(runButton).forEach((node) => {
        node.disabled = busy;
      });
    });

    function source() {
      return editor ? editor.getValue() : original;
    }

    async function perform(kind, message, show) {
      if (running) {
        return;
      }
      stdout.textContent = "";
      stderr.textContent = "";
      feedback.replaceChildren();
      timeline.replaceChildren();
      const busyText = kind === "check" ? "Checking…" : "Running…";
      setStatus(busyText, "running");
      setRunning(true);
      try {
        const report = await sandbox.request(message, (phase) => {
          setStatus(phase === "loading" ? "Loading the Python sandbox…" : busyText, "running");
        });
        // Program output is untrusted text: textContent only, never markup.
        stdout.textContent = String(report.stdout || "");
        stderr.textContent = String(report.stderr || "");
        show(report);
        showFeedback(feedback, report);
        drawTimeline(timeline, report, { caption: "Timeline of this run" });
      } catch (error) {
        const stopped = error.reason === "stopped" || error.reason === "budget";
        setStatus(describeFailure(error), stopped ? "stopped" : "failed");
      } finally {
        setRunning(false);
      }
    }

    function showFeedback(slot, report) {
      const list = renderFeedback?.(report.feedback, { goToLine: (line) => editor?.goToLine?.(line) });
      if (list) {
        slot.append(list);
      }
    }

    function run() {
      perform("run", { kind: "run", source: source(), filename: options.filename }, (report) => {
        setStatus(describeExit(report), Number(report.exit_code) === 0 ? "finished" : "failed");
      });
    }

    runButton.addEventListener("click", run);
    stopButton.addEventListener("click", () => sandbox.stop());
    resetButton.addEventListener("click", () => {
      if (!editor || editor.getValue() === original) {
        return;
      }
      let question = "Put back the book's code? Your edits to it will be lost.";
      if (unsaved) {
        question = hasSavedEdit()
          ? "Put back the book's code? The shared code and your own saved edits to this program will be lost."
          : "Put back the book's code in place of the shared code?";
      }
      if (window.confirm(question)) {
        editor.setValue(original);
      }
    });

    const editedNote = element("span", "wb-edited", "Your edits, kept in this browser");
    editedNote.hidden = true;

    // Code from a share link is shown but not saved until the reader edits
    // it; `unsaved.onLeave` hears when it stops being shown as such.
    let unsaved = null;
    let applying = false;

    function hasSavedEdit() {
      const saved = store && store.load(options.storageId);
      return saved !== null && saved !== undefined;
    }

    function setQuietly(text) {
      applying = true;
      try {
        editor.setValue(text);
      } finally {
        applying = false;
      }
    }

    function showUnsaved(text, onLeave) {
      setQuietly(text);
      unsaved = { text, onLeave };
      editedNote.hidden = true;
      container.dataset.wbEdited = "false";
    }

    function leaveUnsaved() {
      const left = unsaved;
      unsaved = null;
      if (left) {
        left.onLeave();
      }
    }

    // Back to the reader's saved code, or the book's.
    function dropUnsaved() {
      const saved = store && store.load(options.storageId);
      const mine = saved !== null && saved !== undefined ? saved : original;
      setQuietly(mine);
      leaveUnsaved();
      remember(mine);
    }

    function remember(text) {
      // Ace reports a replaced text as a removal and an insertion; neither
      // is the reader's edit.
      if (applying || (unsaved && text === unsaved.text)) {
        return;
      }
      leaveUnsaved();
      if (options.onEdit) {
        options.onEdit(text);
      }
      const edited = text !== original;
      editedNote.hidden = !edited;
      container.dataset.wbEdited = String(edited);
      if (!store) {
        return;
      }
      if (edited) {
        store.save(options.storageId, text);
      } else {
        store.forget(options.storageId);
      }
    }

    const ready = mountEditor({
      container,
      pre,
      source: saved !== null && saved !== undefined ? saved : original,
      label: options.editorLabel,
      onChange: remember,
      onRun: () => {
        if (!runButton.disabled) {
          run();
        }
      },
    }).then((mounted) => {
      editor = mounted;
      remember(editor.getValue());
    });

    return {
      container,
      widgetId: options.storageId,
      ready,
      showUnsaved,
      dropUnsaved,
      hasSavedEdit,
      pre,
      toolbar,
      live,
      runButton,
      resetButton,
      editedNote,
      perform,
      setStatus,
      filename: options.filename,
      getSource: source,
      setSource: (text) => editor && editor.setValue(text),
    };
  }

  function enhanceSnippet(sandbox, container) {
    const role = container.dataset.wbRole || "example";
    const controls = createWidget(sandbox, container, {
      storageId: container.dataset.wbId,
      filename: container.dataset.wbFile || "main.py",
      editorLabel: `Python code of the ${role} example`,
      toolbarLabel: `Controls for the ${role} example`,
      busyButtons: (runButton) => [runButton],
    });
    controls.toolbar.append(controls.resetButton, controls.editedNote);
    const expected = container.querySelector(".wb-expected");
    const label = expected && expected.querySelector(".wb-expected-label");
    if (label) {
      label.textContent = "Recorded output (from the book)";
    }
    controls.pre.after(controls.toolbar);
    (expected || controls.toolbar).after(controls.live);
    if (attachShare) {
      attachShare(controls);
    }
    return controls;
  }

  // Runs both programs of a pair, one after the other through the page's one
  // sandbox, and draws their timelines one above the other on one time scale.
  function enhancePair(sandbox, pair, sides) {
    const toolbar = element("div", "wb-toolbar wb-compare-toolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Controls for comparing the two timelines");
    const compareButton = button(
      "compare",
      "Compare timelines",
      "Run both programs and draw their timelines on one time scale",
    );
    const stopButton = button("stop-compare", "Stop", "Stop the comparison");
    stopButton.disabled = true;
    toolbar.append(compareButton, stopButton);

    const view = element("div", "wb-compare");
    const status = element("p", "wb-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const pictures = element("div", "wb-compare-pictures");
    view.append(element("div", "wb-live-label", "Both timelines on one time scale"), status, pictures);
    let comparing = false;

    function setStatus(text, state) {
      if (status.textContent !== text) {
        status.textContent = text;
      }
      view.dataset.wbState = state;
    }

    sandbox.onBusyChange((busy) => {
      compareButton.disabled = busy;
    });

    compareButton.addEventListener("click", async () => {
      if (comparing) {
        return;
      }
      comparing = true;
      stopButton.disabled = false;
      // As for Run: from Compare to Stop and back, for the keyboard.
      const fromCompare = document.activeElement === compareButton;
      if (fromCompare) {
        stopButton.focus();
      }
      pictures.replaceChildren();
      const reports = [];
      try {
        for (const side of sides) {
          const busyText = `Running ${side.label}…`;
          setStatus(busyText, "running");
          // One request at a time: the next starts in the same turn as the
          // last one ends, so no other Run can slip in between.
          reports.push(await sandbox.request(
            { kind: "run", source: side.controls.getSource(), filename: side.controls.filename },
            (phase) => setStatus(phase === "loading" ? "Loading the Python sandbox…" : busyText, "running"),
          ));
        }
      } catch (error) {
        const stopped = error.reason === "stopped" || error.reason === "budget";
        setStatus(describeFailure(error), stopped ? "stopped" : "failed");
        return;
      } finally {
        comparing = false;
        const onStop = document.activeElement === stopButton;
        stopButton.disabled = true;
        if (fromCompare && onStop) {
          compareButton.focus();
        }
      }
      // The longer run sets the scale, so bars of equal length mean equal time.
      const axisMax = Math.max(...reports.map((report) => timelineExtent(report.timeline)));
      sides.forEach((side, index) => {
        const item = element("div", "wb-compare-item");
        item.dataset.wbRole = side.role;
        const report = reports[index];
        const code = Number(report.exit_code);
        const caption = code === 0 ? side.label : `${side.label} (exited with status ${code})`;
        drawTimeline(item, report, { caption, axisMax });
        pictures.append(item);
      });
      setStatus("Both programs ran; their timelines share one time scale.", "finished");
    });
    stopButton.addEventListener("click", () => sandbox.stop());

    pair.append(toolbar, view);
  }

  function enhanceExercise(sandbox, container) {
    const checksScript = container.querySelector("script.wb-checks");
    const solutionScript = container.querySelector("script.wb-solution");
    const hintsTemplate = container.querySelector("template.wb-hints");
    const checkButton = button("check", "Check", "Check your code against the exercise's tests");
    let solution = null;
    const controls = createWidget(sandbox, container, {
      onEdit: () => solution && solution.refresh(),
      storageId: `exercise/${container.dataset.wbExercise}`,
      filename: container.dataset.wbFile || "exercise.py",
      editorLabel: "Python code of your exercise solution",
      toolbarLabel: container.dataset.wbTitle
        ? `Controls for the exercise “${container.dataset.wbTitle}”`
        : "Controls for the exercise",
      busyButtons: (runButton) => [runButton, checkButton],
    });
    const { toolbar, live } = controls;
    toolbar.append(checkButton, controls.resetButton, controls.editedNote);

    const results = element("ul", "wb-results");
    results.setAttribute("role", "status");
    results.setAttribute("aria-live", "polite");
    results.setAttribute("aria-label", "Check results");
    live.insertBefore(results, live.querySelector(".wb-out-stdout"));

    const extras = element("div", "wb-extras");
    hintControls(hintsTemplate, extras);
    solution = solutionControls(solutionScript, extras, controls);
    const solutionButton = solution && solution.toggle;
    const solvedMark = attachSolvedMark
      ? attachSolvedMark(container, toolbar, container.dataset.wbExercise)
      : null;

    checkButton.addEventListener("click", () => {
      results.textContent = "";
      const message = {
        kind: "check",
        source: controls.getSource(),
        checks: scriptText(checksScript),
      };
      controls.perform("check", message, (report) => {
        const list = Array.isArray(report.results) ? report.results : [];
        list.forEach((result) => {
          const item = element("li");
          item.dataset.passed = String(Boolean(result.passed));
          item.append(element("span", "wb-mark", result.passed ? "✓" : "✗"));
          item.append(element("span", "wb-check-name", ` ${result.name}`));
          if (result.message) {
            item.append(element("span", "wb-check-message", `: ${result.message}`));
          }
          results.append(item);
        });
        const passed = list.filter((result) => result.passed).length;
        const summary = list.length === 0
          ? "No checks ran."
          : passed === list.length
            ? `All ${list.length} checks passed.`
            : `${passed} of ${list.length} checks passed.`;
        const solved = passed === list.length && list.length > 0;
        controls.setStatus(summary, solved ? "finished" : "failed");
        if (solved && solvedMark) {
          solvedMark.record();
        }
        if (solutionButton) {
          solutionButton.disabled = false;
          solutionButton.title = "";
        }
      });
    });

    controls.pre.after(toolbar);
    toolbar.after(live);
    live.after(extras);
    if (attachShare) {
      attachShare(controls);
    }
    return controls;
  }

  // The book writes checks and solution as JSON string literals, which no
  // source text can break out of; plain-text scripts are read as they are.
  function scriptText(script) {
    if (!script) {
      return "";
    }
    if (script.type === "application/json") {
      try {
        return String(JSON.parse(script.textContent));
      } catch (error) {
        console.error("workbook.js: unreadable", script.className, error);
        return "";
      }
    }
    return script.textContent;
  }

  function hintControls(template, parent) {
    const hints = template
      ? Array.from(template.content.childNodes).filter(
        (node) => node.nodeType === Node.ELEMENT_NODE || node.textContent.trim() !== "",
      )
      : [];
    if (hints.length === 0) {
      return;
    }
    const list = element("ol", "wb-hint-list");
    list.setAttribute("aria-label", "Hints");
    const hintButton = button("hint", "Show a hint");
    let shown = 0;
    hintButton.addEventListener("click", () => {
      // Hints are the book's own authored HTML, not program output.
      const item = element("li");
      item.append(hints[shown].cloneNode(true));
      list.append(item);
      shown += 1;
      if (shown === hints.length) {
        hintButton.disabled = true;
        hintButton.textContent = "No more hints";
      } else {
        hintButton.textContent = `Show another hint (${shown} of ${hints.length} shown)`;
      }
    });
    parent.append(hintButton, list);
  }

  // The solution, compared line by line with the reader's code when
  // workbook-diff.js is loaded (kept current while shown), and whole.
  function solutionControls(script, parent, controls) {
    if (!script) {
      return null;
    }
    const solution = scriptText(script);
    const toggle = button("solution", "Show solution", "Run Check at least once first");
    toggle.disabled = true;
    toggle.setAttribute("aria-expanded", "false");
    const view = element("div", "wb-solution-view");
    view.hidden = true;
    view.id = `wb-solution-${Math.random().toString(36).slice(2)}`;
    toggle.setAttribute("aria-controls", view.id);
    const comparison = element("div", "wb-solution-diff");
    const code = element("code", "language-python", solution);
    const pre = element("pre");
    pre.append(code);
    const whole = element("details", "wb-solution-whole");
    whole.append(element("summary", "", "The whole solution"), pre);
    whole.open = !renderDiff;
    const use = button("use-solution", "Copy into the editor", "Replace your code with the solution");
    use.addEventListener("click", () => controls.setSource(solution));
    view.append(element("div", "wb-solution-label", "Solution"), comparison, whole, use);

    let pending = 0;
    function refreshNow() {
      clearTimeout(pending);
      if (renderDiff && !view.hidden) {
        comparison.replaceChildren(renderDiff(controls.getSource(), solution));
      }
    }
    toggle.addEventListener("click", () => {
      view.hidden = !view.hidden;
      toggle.setAttribute("aria-expanded", String(!view.hidden));
      toggle.textContent = view.hidden ? "Show solution" : "Hide solution";
      refreshNow();
    });
    parent.append(toggle, view);
    return {
      toggle,
      // Typing fires this per keystroke; one diff per pause is enough.
      refresh: () => {
        clearTimeout(pending);
        pending = setTimeout(refreshNow, 150);
      },
    };
  }

  // Enhance what is on the page now; warm the sandbox once the browser is idle.
  function whenIdle(callback) {
    if ("requestIdleCallback" in window) {
      window.requestIdleCallback(callback, { timeout: 3000 });
    } else {
      setTimeout(callback, 1000);
    }
  }

  const snippets = document.querySelectorAll(".wb-snippet:not([data-wb-enhanced])");
  const enhanced = new Map();
  const exercises = document.querySelectorAll(".wb-exercise:not([data-wb-enhanced])");
  // By widget id, for share links.
  const widgets = new Map();
  if (snippets.length + exercises.length === 0) {
    if (openSharedLink) {
      // A share link to a page without widgets still deserves an answer.
      openSharedLink(widgets);
    }
    return;
  }
  if (!createSandbox || !mountEditor) {
    // The static page still reads fine; say why nothing became live.
    console.error("workbook.js: load workbook-sandbox.js and workbook-editor.js before it (additional-js order)");
    return;
  }
  const sandbox = createSandbox(root + "sandbox/worker.js");
  snippets.forEach((container) => {
    if (container.querySelector("pre.wb-source")) {
      container.dataset.wbEnhanced = "true";
      const controls = enhanceSnippet(sandbox, container);
      enhanced.set(container, controls);
      widgets.set(controls.widgetId, controls);
    }
  });
  exercises.forEach((container) => {
    if (container.querySelector("pre.wb-source")) {
      container.dataset.wbEnhanced = "true";
      const controls = enhanceExercise(sandbox, container);
      widgets.set(controls.widgetId, controls);
    }
  });
  if (openSharedLink) {
    openSharedLink(widgets);
  }
  if (renderTimeline && timelineExtent) {
    document.querySelectorAll(".wb-pair:not([data-wb-enhanced])").forEach((pair) => {
      const sides = [["wrong", "✗ Wrong"], ["correct", "✓ Correct"]].map(([role, label]) => {
        const container = pair.querySelector(`.wb-snippet[data-wb-role="${role}"]`);
        return { role, label, controls: container && enhanced.get(container) };
      });
      if (sides.every((side) => side.controls)) {
        pair.dataset.wbEnhanced = "true";
        enhancePair(sandbox, pair, sides);
      }
    });
  }
  whenIdle(sandbox.start);
})();
