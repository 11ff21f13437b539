// Turns a run's timeline into a picture: one row per asyncio task (and per
// simulated pool thread) on a shared axis of virtual seconds, with running,
// waiting and blocked spans told apart by fill pattern and text as well as
// colour, a band across every row while time.sleep holds the whole loop, and
// ✕ / ! markers where a task is cancelled or fails. Pointing at, tapping or
// focusing a bar (arrow keys move between them) says what it was on a line
// under the picture; a <details> holds the same timeline as text, line for
// line what the CLI's `workbook run --timeline` prints.
//
// Events come from the sandbox's report (crates/sandbox/python/workbook_clock.py,
// `timeline.record`): {t, task, state, label?, kind?, call?}, t in virtual
// seconds from the start. asyncio's own shutdown tasks are left out.
//
// Exposes on window.workbookParts:
//   renderTimeline(events, {caption, axisMax}) → <figure class="wb-timeline">
//     axisMax: draw on a scale at least this long (to line up two pictures)
//   timelineExtent(events) → the last moment the picture would show
//   timelineText(events)   → the text version
(function workbookTimeline() {
  "use strict";

  const { element } = window.workbookParts || {};

  const FINAL_STATES = new Set(["done", "failed", "cancelled"]);
  // The tasks asyncio.run() starts for itself once the program's main is done.
  const HOUSEKEEPING = /EventLoop\.(?:shutdown_asyncgens|shutdown_default_executor)$/;
  // Blocked spans closer than this (the loop only switched tasks in between)
  // make one band.
  const BAND_JOIN_SECONDS = 0.0005;
  // A picture of a thousand rows tells nobody anything; the text has them all.
  const MAX_ROWS = 60;
  const EMPTY_AXIS_SECONDS = 0.1;
  const TEXT = {
    created: "created",
    running: "running",
    waiting: "waiting",
    blocked: "blocked",
  };
  let figures = 0;

  // Rust's `{:.3}`: the nearest of the three-decimal numbers, and on an exact
  // tie (0.0625) the even one, where JavaScript's toFixed rounds up.
  function fixed3(value) {
    const text = value.toFixed(3);
    const exact = value.toFixed(40);
    const point = exact.indexOf(".");
    const tail = exact.slice(point + 4);
    if (tail[0] === "5" && /^5?0*$/.test(tail)) {
      const down = exact.slice(0, point + 4);
      const lastDigit = Number(down[down.length - 1]);
      if (lastDigit % 2 === 0) {
        return down === "-0.000" ? "0.000" : down;
      }
    }
    return text;
  }

  function seconds(value) {
    return `${fixed3(value)} s`;
  }

  // Well-formed events only, housekeeping rows left out, times as numbers.
  function visibleEvents(events) {
    const list = (Array.isArray(events) ? events : [])
      .filter((event) => event && typeof event.task === "string" && typeof event.state === "string"
        && Number.isFinite(Number(event.t)))
      .map((event) => ({ ...event, t: Number(event.t) }));
    const hidden = new Set(
      list.filter((event) => typeof event.label === "string" && HOUSEKEEPING.test(event.label))
        .map((event) => event.task),
    );
    return list.filter((event) => !hidden.has(event.task));
  }

  function groupRows(events) {
    const rows = [];
    const byName = new Map();
    events.forEach((event) => {
      let row = byName.get(event.task);
      if (!row) {
        row = { name: event.task, label: null, kind: null, events: [] };
        byName.set(event.task, row);
        rows.push(row);
      }
      if (row.label === null && typeof event.label === "string") {
        row.label = event.label;
      }
      if (row.kind === null && typeof event.kind === "string") {
        row.kind = event.kind;
      }
      row.events.push(event);
    });
    return rows;
  }

  function rowSuffix(row) {
    if (row.label !== null) {
      return `${row.label}()`;
    }
    return row.kind !== null ? `(${row.kind})` : "";
  }

  function describeState(event) {
    return typeof event.call === "string" ? `${event.state} in ${event.call}` : event.state;
  }

  // The same rendering as crates/sandbox/src/timeline_text.rs.
  function textOf(rows) {
    let text = "Timeline (virtual seconds)\n";
    rows.forEach((row) => {
      const suffix = rowSuffix(row);
      text += suffix ? `${row.name}  ${suffix}\n` : `${row.name}\n`;
      row.events.forEach((event, index) => {
        const next = row.events[index + 1];
        if (next === undefined) {
          text += `  ${fixed3(event.t)}        ${describeState(event)}\n`;
        } else if (next.t > event.t) {
          text += `  ${fixed3(event.t)}–${fixed3(next.t)}  ${describeState(event)}\n`;
        }
      });
    });
    return text;
  }

  function timelineText(events) {
    return textOf(groupRows(visibleEvents(events)));
  }

  function timelineExtent(events) {
    let latest = 0;
    visibleEvents(events).forEach((event) => {
      latest = Math.max(latest, event.t);
    });
    return latest;
  }

  // Spans of non-zero length (as the text lists them), the final state, and
  // an open span for a task still unfinished when the run ended.
  function layoutRow(row) {
    const spans = [];
    let end = null;
    row.events.forEach((event, index) => {
      const next = row.events[index + 1];
      if (next !== undefined) {
        if (next.t > event.t) {
          spans.push({ state: event.state, call: event.call, from: event.t, to: next.t, open: false });
        }
      } else if (FINAL_STATES.has(event.state)) {
        end = { state: event.state, t: event.t };
      } else {
        spans.push({ state: event.state, call: event.call, from: event.t, to: null, open: true });
      }
    });
    return { ...row, spans, end };
  }

  function loopBands(rows) {
    const blocked = [];
    rows.forEach((row) => row.spans.forEach((span) => {
      if (span.state === "blocked" && !span.open) {
        blocked.push({ from: span.from, to: span.to, tasks: [row.name], calls: [span.call] });
      }
    }));
    blocked.sort((a, b) => a.from - b.from);
    const bands = [];
    blocked.forEach((span) => {
      const last = bands[bands.length - 1];
      if (last && span.from - last.to <= BAND_JOIN_SECONDS) {
        last.to = Math.max(last.to, span.to);
        last.tasks.push(...span.tasks);
        last.calls.push(...span.calls);
      } else {
        bands.push({ ...span, tasks: [...span.tasks], calls: [...span.calls] });
      }
    });
    return bands;
  }

  // About five ticks at 1, 2 or 5 times a power of ten.
  function tickStep(axisMax) {
    const raw = axisMax / 5;
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= raw);
  }

  function tickLabel(value) {
    return `${Number(value.toFixed(6))} s`;
  }

  function unique(list) {
    return Array.from(new Set(list));
  }

  function renderTimeline(events, options = {}) {
    figures += 1;
    const id = `wb-timeline-${figures}`;
    const rows = groupRows(visibleEvents(events)).map(layoutRow);
    const figure = element("figure", "wb-timeline");
    figure.id = id;
    const caption = element("figcaption", "wb-tl-caption");
    caption.append(element("span", "wb-tl-title", options.caption || "Timeline"));
    figure.append(caption);

    if (rows.length === 0) {
      figure.dataset.wbEmpty = "true";
      figure.append(element("p", "wb-tl-note", "No asyncio task ran, so there is no timeline to draw."));
      return figure;
    }

    let extent = 0;
    rows.forEach((row) => row.events.forEach((event) => {
      extent = Math.max(extent, event.t);
    }));
    const axisMax = Math.max(extent, Number(options.axisMax) || 0) || EMPTY_AXIS_SECONDS;
    figure.dataset.wbAxisMax = String(axisMax);
    figure.dataset.wbExtent = String(extent);
    caption.append(element("span", "wb-tl-extent", ` · virtual seconds, the run ends at ${seconds(extent)}`));
    const at = (t) => `${Math.min(100, Math.max(0, (t / axisMax) * 100))}%`;
    const bands = loopBands(rows);

    const legend = element("ul", "wb-tl-legend");
    legend.setAttribute("aria-label", "Key");
    const present = new Set();
    rows.forEach((row) => {
      row.spans.forEach((span) => present.add(span.state));
      if (row.end) {
        present.add(row.end.state);
      }
    });
    [
      ["running", "running"],
      ["waiting", "waiting (awaiting something)"],
      ["created", "created, not started yet"],
      ["blocked", "blocked: the whole loop is stuck"],
      ["cancelled", "cancelled"],
      ["failed", "failed"],
    ].forEach(([state, text]) => {
      if (!present.has(state)) {
        return;
      }
      const item = element("li");
      const swatch = element("span", state === "cancelled" || state === "failed" ? "wb-tl-symbol" : "wb-tl-swatch");
      swatch.dataset.wbState = state;
      swatch.setAttribute("aria-hidden", "true");
      if (state === "cancelled") {
        swatch.textContent = "✕";
      } else if (state === "failed") {
        swatch.textContent = "!";
      }
      item.append(swatch, ` ${text}`);
      legend.append(item);
    });

    const scroller = element("div", "wb-tl-scroll");
    const chart = element("div", "wb-tl-chart");
    chart.setAttribute("role", "group");
    chart.setAttribute("aria-label", "Timeline picture; arrow keys move between its bars");
    const backdrop = element("div", "wb-tl-backdrop");
    backdrop.setAttribute("aria-hidden", "true");
    const step = tickStep(axisMax);
    const ticks = [];
    for (let index = 0; index * step <= axisMax * (1 + 1e-9); index += 1) {
      ticks.push(index * step);
    }
    ticks.forEach((tick) => {
      const line = element("div", "wb-tl-gridline");
      line.style.left = at(tick);
      backdrop.append(line);
    });
    bands.forEach((band) => {
      const shade = element("div", "wb-tl-band");
      shade.style.left = at(band.from);
      shade.style.width = `calc(${at(band.to)} - ${at(band.from)})`;
      shade.dataset.wbFrom = String(band.from);
      shade.dataset.wbTo = String(band.to);
      backdrop.append(shade);
    });
    chart.append(backdrop);

    // Everything that can be pointed at, in reading order, for the keyboard.
    const items = [];
    const detail = element("p", "wb-tl-detail", "Point at, tap or focus a bar to see what it was.");
    detail.setAttribute("aria-live", "polite");
    detail.id = `${id}-detail`;

    // `time` (a bar's middle) picks the nearest bar on the next row for ↑ and ↓.
    function addItem(node, rowIndex, time, text) {
      node.type = "button";
      node.tabIndex = items.length === 0 ? 0 : -1;
      node.setAttribute("aria-label", text);
      node.setAttribute("aria-describedby", detail.id);
      node.dataset.wbDetail = text;
      items.push({ node, rowIndex, time });
    }

    function rowElement(name, suffix, kind) {
      const line = element("div", "wb-tl-row");
      const label = element("div", "wb-tl-name");
      label.append(element("span", "wb-tl-task", name));
      if (suffix) {
        label.append(" ", element("span", "wb-tl-coro", suffix));
      }
      if (kind) {
        line.dataset.wbKind = kind;
      }
      const track = element("div", "wb-tl-track");
      line.append(label, track);
      return { line, track };
    }

    let rowIndex = 0;
    if (bands.length > 0) {
      const { line, track } = rowElement("event loop", "", "loop");
      line.dataset.wbTask = "";
      bands.forEach((band) => {
        const tasks = unique(band.tasks);
        const calls = unique(band.calls.filter((call) => typeof call === "string"));
        const cause = calls.length > 0 ? ` by ${calls.join(", ")}` : "";
        const text = `The whole event loop was blocked${cause} (in ${tasks.join(", ")}), `
          + `${fixed3(band.from)}–${seconds(band.to)}: no other task could run.`;
        const chip = element("button", "wb-tl-loop-blocked");
        chip.style.left = at(band.from);
        chip.style.width = `calc(${at(band.to)} - ${at(band.from)})`;
        chip.append(element("span", "wb-tl-bar-text", calls.length > 0 ? `blocked: ${calls.join(", ")}` : "blocked"));
        chip.querySelector(".wb-tl-bar-text").setAttribute("aria-hidden", "true");
        addItem(chip, rowIndex, (band.from + band.to) / 2, text);
        track.append(chip);
      });
      chart.append(line);
      rowIndex += 1;
    }

    const drawn = rows.slice(0, MAX_ROWS);
    drawn.forEach((row) => {
      const suffix = rowSuffix(row);
      const who = suffix ? `${row.name} ${suffix}` : row.name;
      const { line, track } = rowElement(row.name, suffix, row.kind);
      line.dataset.wbTask = row.name;
      row.spans.forEach((span) => {
        const to = span.open ? axisMax : span.to;
        const bar = element("button", "wb-tl-span");
        bar.dataset.wbState = span.state;
        bar.dataset.wbFrom = String(span.from);
        bar.dataset.wbTo = String(to);
        if (span.open) {
          bar.dataset.wbOpen = "true";
        }
        bar.style.left = at(span.from);
        bar.style.width = `calc(${at(to)} - ${at(span.from)})`;
        const state = describeState(span);
        const words = TEXT[span.state] ? (span.call ? `${TEXT[span.state]}: ${span.call}` : TEXT[span.state]) : span.state;
        const inside = element("span", "wb-tl-bar-text", words);
        inside.setAttribute("aria-hidden", "true");
        bar.append(inside);
        const text = span.open
          ? `${who}: ${state} from ${seconds(span.from)} until the run ended`
          : `${who}: ${state}, ${fixed3(span.from)}–${seconds(span.to)} (${seconds(span.to - span.from)})`;
        addItem(bar, rowIndex, (span.from + to) / 2, text);
        track.append(bar);
      });
      if (row.end) {
        line.dataset.wbEnd = row.end.state;
        if (row.end.state === "cancelled" || row.end.state === "failed") {
          const marker = element("button", "wb-tl-marker");
          marker.dataset.wbState = row.end.state;
          marker.dataset.wbAt = String(row.end.t);
          marker.style.left = at(row.end.t);
          if (row.end.t / axisMax > 0.7) {
            marker.dataset.wbFlip = "true";
          }
          const symbol = element("span", "wb-tl-marker-symbol", row.end.state === "cancelled" ? "✕" : "!");
          const words = element("span", "wb-tl-marker-text", row.end.state);
          symbol.setAttribute("aria-hidden", "true");
          words.setAttribute("aria-hidden", "true");
          marker.append(symbol, words);
          addItem(marker, rowIndex, row.end.t, `${who}: ${row.end.state} at ${seconds(row.end.t)}`);
          track.append(marker);
        }
      }
      chart.append(line);
      rowIndex += 1;
    });

    const axis = element("div", "wb-tl-axis");
    axis.setAttribute("aria-hidden", "true");
    axis.append(element("div", "wb-tl-name", "seconds"));
    const axisTrack = element("div", "wb-tl-track");
    ticks.forEach((tick) => {
      const label = element("span", "wb-tl-tick", tickLabel(tick));
      label.style.left = at(tick);
      axisTrack.append(label);
    });
    axis.append(axisTrack);
    chart.append(axis);
    scroller.append(chart);
    if (rowIndex > 12) {
      scroller.classList.add("wb-tl-tall");
    }

    let selected = null;
    function show(node) {
      if (selected && selected !== node) {
        delete selected.dataset.wbSelected;
      }
      selected = node;
      node.dataset.wbSelected = "true";
      detail.textContent = node.dataset.wbDetail;
    }
    function itemOf(target) {
      const node = target instanceof Element ? target.closest("button") : null;
      return node && chart.contains(node) ? node : null;
    }
    chart.addEventListener("mouseover", (event) => {
      const node = itemOf(event.target);
      if (node) {
        show(node);
      }
    });
    chart.addEventListener("click", (event) => {
      const node = itemOf(event.target);
      if (node) {
        show(node);
      }
    });
    chart.addEventListener("focusin", (event) => {
      const node = itemOf(event.target);
      if (!node) {
        return;
      }
      items.forEach((item) => {
        item.node.tabIndex = item.node === node ? 0 : -1;
      });
      show(node);
    });
    chart.addEventListener("keydown", (event) => {
      const index = items.findIndex((item) => item.node === event.target);
      if (index < 0) {
        return;
      }
      const current = items[index];
      let next = null;
      if (event.key === "ArrowRight") {
        next = items[index + 1];
      } else if (event.key === "ArrowLeft") {
        next = items[index - 1];
      } else if (event.key === "Home") {
        next = items[0];
      } else if (event.key === "End") {
        next = items[items.length - 1];
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        // The bar nearest in time on the closest row above or below that has one.
        const direction = event.key === "ArrowDown" ? 1 : -1;
        for (let row = current.rowIndex + direction; row >= 0 && row < rowIndex && !next; row += direction) {
          items.filter((item) => item.rowIndex === row).forEach((item) => {
            if (!next || Math.abs(item.time - current.time) < Math.abs(next.time - current.time)) {
              next = item;
            }
          });
        }
      } else {
        return;
      }
      // mdBook turns the page on ← and → anywhere in it; here they move
      // between bars instead.
      event.preventDefault();
      event.stopPropagation();
      if (next) {
        next.node.focus();
      }
    });

    figure.append(legend, scroller);
    if (rows.length > drawn.length) {
      figure.append(element(
        "p",
        "wb-tl-note",
        `The picture shows the first ${drawn.length} of ${rows.length} rows; the text version lists them all.`,
      ));
    }
    const textVersion = element("details", "wb-tl-text");
    textVersion.append(element("summary", "", "Timeline as text"), element("pre", "", textOf(rows)));
    figure.append(detail, textVersion);
    return figure;
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, {
    renderTimeline,
    timelineExtent,
    timelineText,
  });
})();
