// An exercise's solution shown as a line diff against the reader's code:
// what to remove from theirs (−) and what to add (+), each line saying so in
// text as well as by its sign, so neither colour nor sight is needed to read
// it. Exposes window.workbookParts.lineDiff and renderDiff for workbook.js.
(function workbookDiff() {
  "use strict";

  const { element } = window.workbookParts || {};

  // The LCS table holds one number per pair of differing lines; past this
  // many, the middle of the two texts is shown as replaced wholesale rather
  // than have the page allocate tens of megabytes for a pasted novel.
  const MAX_TABLE_CELLS = 2_000_000;

  const LABELS = {
    removed: { sign: "−", spoken: "Remove: " },
    added: { sign: "+", spoken: "Add: " },
    same: { sign: " ", spoken: "" },
  };

  // Trailing blank lines and line-ending style do not count as differences:
  // the book's files end with a newline that the editor does not show.
  function splitLines(text) {
    const normal = String(text).replace(/\r\n?/g, "\n").replace(/\n+$/, "");
    return normal === "" ? [] : normal.split("\n");
  }

  // [{kind: "same" | "removed" | "added", text}] turning `before` into
  // `after`, with the fewest changed lines (a longest common subsequence);
  // within a change, removed lines come before added ones.
  function lineDiff(before, after) {
    const a = splitLines(before);
    const b = splitLines(after);
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) {
      start += 1;
    }
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
      endA -= 1;
      endB -= 1;
    }
    const same = (text) => ({ kind: "same", text });
    return [
      ...a.slice(0, start).map(same),
      ...middleDiff(a.slice(start, endA), b.slice(start, endB)),
      ...a.slice(endA).map(same),
    ];
  }

  function middleDiff(a, b) {
    const n = a.length;
    const m = b.length;
    const removed = (text) => ({ kind: "removed", text });
    const added = (text) => ({ kind: "added", text });
    if ((n + 1) * (m + 1) > MAX_TABLE_CELLS) {
      return [...a.map(removed), ...b.map(added)];
    }
    // common[i * (m + 1) + j]: length of the LCS of a[i..] and b[j..].
    const width = m + 1;
    const common = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        common[i * width + j] = a[i] === b[j]
          ? common[(i + 1) * width + j + 1] + 1
          : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
      }
    }
    const out = [];
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) {
        out.push({ kind: "same", text: a[i] });
        i += 1;
        j += 1;
      } else if (common[(i + 1) * width + j] >= common[i * width + j + 1]) {
        out.push(removed(a[i]));
        i += 1;
      } else {
        out.push(added(b[j]));
        j += 1;
      }
    }
    return [...out, ...a.slice(i).map(removed), ...b.slice(j).map(added)];
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
  }

  // The comparison of `mine` with `solution` as a fragment: a sentence
  // saying how far apart they are, then (unless they match) the diff.
  // Code is set as text, never as markup.
  function renderDiff(mine, solution) {
    const operations = lineDiff(mine, solution);
    const removedCount = operations.filter((op) => op.kind === "removed").length;
    const addedCount = operations.filter((op) => op.kind === "added").length;
    const fragment = document.createDocumentFragment();
    const summary = element("p", "wb-diff-summary");
    fragment.append(summary);
    if (removedCount + addedCount === 0) {
      summary.textContent = "Your code already matches the solution.";
      summary.dataset.wbDiff = "match";
      return fragment;
    }
    summary.textContent = `From your code to the solution: remove ${plural(removedCount, "line")} `
      + `(marked −), add ${plural(addedCount, "line")} (marked +); unmarked lines are the same in both.`;
    const listing = element("div", "wb-diff");
    listing.setAttribute("role", "group");
    listing.setAttribute("aria-label", "Your code compared with the solution, line by line");
    operations.forEach(({ kind, text }) => {
      const line = element("div", "wb-diff-line");
      line.dataset.wbDiff = kind;
      const sign = element("span", "wb-diff-sign", LABELS[kind].sign);
      sign.setAttribute("aria-hidden", "true");
      line.append(sign);
      if (LABELS[kind].spoken) {
        line.append(element("span", "wb-sr-only", LABELS[kind].spoken));
      }
      line.append(element("span", "wb-diff-text", text));
      listing.append(line);
    });
    fragment.append(listing);
    return fragment;
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { lineDiff, renderDiff });
})();
