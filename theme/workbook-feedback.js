// The asyncio mistakes found in the reader's code, under a run's output: the
// static lint's findings (read before the program ran) and the sandbox's
// runtime ones (seen while it ran). Each names its line, which moves the
// editor there, and links to the section of the book that explains it.
// Finding: {rule, line, column?, message, chapter, kind: "static"|"runtime"}.
// Exposes window.workbookParts.renderFeedback for workbook.js.
(function workbookFeedback() {
  "use strict";

  const { element } = window.workbookParts || {};

  /* global path_to_root */
  const root = typeof path_to_root === "string" ? path_to_root : "";

  const KIND_TEXT = {
    static: "in the code",
    runtime: "while it ran",
  };

  // Static findings first, then runtime ones, each in line order; the same
  // rule on the same line is said once.
  function ordered(findings) {
    const seen = new Set();
    return findings
      .filter((finding) => finding && typeof finding.message === "string")
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "static" ? -1 : 1)
        || Number(a.line) - Number(b.line))
      .filter((finding) => {
        const key = `${finding.rule}:${finding.line}`;
        if (seen.has(key)) {
          return false;
        }
        seen.add(key);
        return true;
      });
  }

  // Messages quote code between backticks, as Markdown does: those parts
  // become <code>, as text like the rest.
  function withCode(message) {
    return message.split("`").map((part, index) => (index % 2 ? element("code", "", part) : part));
  }

  // A list of findings, or null when there are none. `goToLine(n)` moves the
  // editor to line n; the findings' text is untrusted (it quotes the reader's
  // code), so it is set as text only.
  function renderFeedback(findings, { goToLine } = {}) {
    const list = ordered(Array.isArray(findings) ? findings : []);
    if (list.length === 0) {
      return null;
    }
    const section = element("section", "wb-feedback");
    const titleId = `wb-feedback-${Math.random().toString(36).slice(2)}`;
    const title = element("p", "wb-feedback-title",
      list.length === 1 ? "1 asyncio mistake found" : `${list.length} asyncio mistakes found`);
    title.id = titleId;
    section.setAttribute("aria-labelledby", titleId);
    const items = element("ul", "wb-feedback-list");
    for (const finding of list) {
      const item = element("li", "wb-finding");
      item.dataset.wbRule = String(finding.rule);
      item.dataset.wbLine = String(finding.line);
      item.dataset.wbKind = String(finding.kind || "static");
      const line = element("button", "wb-button wb-finding-line", `Line ${finding.line}`);
      line.type = "button";
      line.title = "Move the editor to this line";
      line.addEventListener("click", () => goToLine?.(Number(finding.line)));
      const rule = element("code", "wb-finding-rule", String(finding.rule));
      const when = element("span", "wb-finding-kind", `(${KIND_TEXT[finding.kind] || KIND_TEXT.static})`);
      const message = element("span", "wb-finding-message");
      message.append(...withCode(String(finding.message)));
      const link = element("a", "wb-finding-chapter", "Why, and the fix");
      link.href = root + String(finding.chapter || "");
      item.append(line, " ", rule, " ", when, " ", message, " ", link);
      items.append(item);
    }
    section.append(title, items);
    return section;
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { renderFeedback });
})();
