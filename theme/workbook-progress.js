// Which exercises the reader has solved: recorded in this browser when Check
// passes every check ("workbook:solved:<exercise name>" holds the ISO time
// of the first full pass), shown as a mark on the exercise and on the
// "Your progress" page, whose table the book's preprocessor writes
// (div.wb-progress; see crates/mdbook-workbook). That page can also forget
// the marks, and separately the reader's saved code ("workbook:code:…").
// Exposes window.workbookParts.attachSolvedMark for workbook.js.
(function workbookProgress() {
  "use strict";

  const { element, button } = window.workbookParts || {};

  const SOLVED_PREFIX = "workbook:solved:";
  const CODE_PREFIX = "workbook:code:";

  // Where storage is refused (some private modes), marks last as long as
  // the page.
  const inPage = new Map();

  function storage() {
    try {
      const probe = "workbook:probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      return null;
    }
  }

  const persistent = storage();

  function solvedAt(name) {
    if (inPage.has(name)) {
      return inPage.get(name);
    }
    try {
      return persistent ? persistent.getItem(SOLVED_PREFIX + name) : null;
    } catch {
      return null;
    }
  }

  function recordSolved(name) {
    const earlier = solvedAt(name);
    if (earlier) {
      return earlier;
    }
    const now = new Date().toISOString();
    inPage.set(name, now);
    try {
      if (persistent) {
        persistent.setItem(SOLVED_PREFIX + name, now);
      }
    } catch {
      // Full storage: the mark still lives in this page.
    }
    return now;
  }

  function keysStartingWith(prefix) {
    if (!persistent) {
      return [];
    }
    const keys = [];
    for (let index = 0; index < persistent.length; index += 1) {
      const key = persistent.key(index);
      if (key !== null && key.startsWith(prefix)) {
        keys.push(key);
      }
    }
    return keys;
  }

  // Returns how many entries went.
  function forgetAll(prefix) {
    const keys = keysStartingWith(prefix);
    keys.forEach((key) => persistent.removeItem(key));
    if (prefix !== SOLVED_PREFIX) {
      return keys.length;
    }
    const count = persistent ? keys.length : inPage.size;
    inPage.clear();
    return count;
  }

  function dateOf(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime())
      ? null
      : date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
  }

  // "✓ Solved" plus the day, as text: the mark must not rely on colour.
  function solvedLabel(iso) {
    const fragment = document.createDocumentFragment();
    fragment.append(element("span", "wb-solved-sign", "✓ Solved"));
    const day = dateOf(iso);
    if (day) {
      const time = element("time", "wb-solved-date", day);
      time.dateTime = iso;
      fragment.append(" ", time);
    }
    return fragment;
  }

  // A mark in the exercise's toolbar; record() is called when Check passes
  // every check.
  function attachSolvedMark(container, toolbar, name) {
    const mark = element("span", "wb-solved");
    toolbar.append(mark);

    function show(iso) {
      container.dataset.wbSolved = String(Boolean(iso));
      mark.hidden = !iso;
      mark.replaceChildren();
      if (iso) {
        mark.append(solvedLabel(iso));
        const day = dateOf(iso);
        mark.title = day ? `You first passed every check on ${day}` : "";
      }
    }

    show(solvedAt(name));
    // Another tab may solve it, or reset progress.
    window.addEventListener("storage", (event) => {
      if (event.key === null || event.key === SOLVED_PREFIX + name) {
        inPage.delete(name);
        show(solvedAt(name));
      }
    });
    return {
      record: () => show(recordSolved(name)),
    };
  }

  function enhanceProgressPage(root) {
    const rows = Array.from(root.querySelectorAll("tr[data-wb-exercise]"));
    const summary = root.querySelector(".wb-progress-summary");
    if (rows.length === 0 || !summary) {
      return;
    }
    summary.setAttribute("role", "status");
    summary.setAttribute("aria-live", "polite");
    const actions = element("div", "wb-progress-actions");
    const resetButton = button("reset-progress", "Reset progress");
    const forgetButton = button("forget-code", "Forget saved code");
    const actionStatus = element("p", "wb-progress-action-status");
    actionStatus.setAttribute("role", "status");
    actions.append(resetButton, forgetButton, actionStatus);
    root.append(actions);

    function refresh() {
      let solved = 0;
      rows.forEach((row) => {
        const iso = solvedAt(row.dataset.wbExercise);
        const cell = row.querySelector(".wb-progress-status");
        row.dataset.wbSolved = String(Boolean(iso));
        if (iso) {
          solved += 1;
        }
        if (cell) {
          cell.replaceChildren(iso ? solvedLabel(iso) : "Not solved");
        }
      });
      summary.textContent = persistent
        ? `You have solved ${solved} of ${rows.length} exercises. The marks are kept in this browser only.`
        : `You have solved ${solved} of ${rows.length} exercises. This browser refuses to store them, so they last only while a page is open.`;
      resetButton.disabled = keysStartingWith(SOLVED_PREFIX).length === 0 && inPage.size === 0;
      forgetButton.disabled = keysStartingWith(CODE_PREFIX).length === 0;
    }

    resetButton.addEventListener("click", () => {
      const question = "Reset your progress? Every exercise will show as not solved. "
        + "Your saved code is kept.";
      if (!window.confirm(question)) {
        return;
      }
      const count = forgetAll(SOLVED_PREFIX);
      actionStatus.textContent = `Progress reset: ${count} solved mark${count === 1 ? "" : "s"} forgotten.`;
      refresh();
    });
    forgetButton.addEventListener("click", () => {
      const question = "Forget the code you edited in every example and exercise? "
        + "Each one will show the book's code again. Your progress is kept.";
      if (!window.confirm(question)) {
        return;
      }
      const count = forgetAll(CODE_PREFIX);
      actionStatus.textContent = `Saved code forgotten for ${count} program${count === 1 ? "" : "s"}.`;
      refresh();
    });
    window.addEventListener("storage", refresh);
    refresh();
  }

  document.querySelectorAll(".wb-progress").forEach(enhanceProgressPage);

  window.workbookParts = Object.assign(window.workbookParts || {}, { attachSolvedMark });
})();
