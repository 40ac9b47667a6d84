// The taste calendar editor's month grid (calendars/month_grid.py, calendars/edition_editor.py):
// a bar opens its entry at its dates, an empty month stretches the entry's season to it, and bars
// and entry headings follow the fields as they are edited. One listener each, rows added later included.
const initTasteCalendarGrid = () => {
  const grid = document.querySelector("[data-month-grid]");
  if (!grid) return;
  const { year, anchors, words } = JSON.parse(document.getElementById("taste-calendar-grid-data").textContent);
  const DAY = 24 * 60 * 60 * 1000;
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1);

  const field = (prefix, name) => document.getElementById(`id_${prefix}-${name}`);
  const text = (prefix, name) => (field(prefix, name)?.value || "").trim();
  const fill = (pattern, values) => pattern.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  const parse = (value) => {
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
    return match ? Date.UTC(+match[1], match[2] - 1, +match[3]) : null;
  };
  const iso = (time) => new Date(time).toISOString().slice(0, 10);

  // An anchored end's day, as SeasonalEntry.resolve_anchors works it out.
  const anchored = (name, offset, inYear) => {
    const day = anchors[inYear]?.[name];
    return day ? parse(day) + (parseInt(offset, 10) || 0) * DAY : null;
  };
  const season = (prefix) => {
    let start = parse(text(prefix, "season_start"));
    let end = parse(text(prefix, "season_end"));
    const startAnchor = text(prefix, "season_start_anchor");
    const endAnchor = text(prefix, "season_end_anchor");
    if (startAnchor) start = anchored(startAnchor, text(prefix, "season_start_offset"), year);
    if (endAnchor) {
      end = anchored(endAnchor, text(prefix, "season_end_offset"), year);
      if (start !== null && end !== null && end < start) end = anchored(endAnchor, text(prefix, "season_end_offset"), year + 1);
    }
    return start !== null && end !== null && start <= end ? { start, end } : null;
  };
  const peak = (prefix) => {
    const start = parse(text(prefix, "peak_start"));
    const end = parse(text(prefix, "peak_end"));
    return start !== null && end !== null && start <= end ? { start, end } : null;
  };

  // The words of calendars.month_grid.month_part and season_words.
  const monthPart = (time, end) => {
    const date = new Date(time);
    const month = words.months[date.getUTCMonth()];
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    if (date.getUTCDate() === (end ? last : 1)) return month;
    return fill(words.thirds[Math.min(Math.floor((date.getUTCDate() - 1) / 10), 2)], { month });
  };
  const seasonWords = ({ start, end }) => {
    const from = monthPart(start, false);
    const to = monthPart(end, true);
    if (new Date(end).getUTCFullYear() > new Date(start).getUTCFullYear()) return fill(words.range_into_next_year, { start: from, end: to });
    return from === to ? from : fill(words.range, { start: from, end: to });
  };
  const name = (prefix) => {
    const item = text(prefix, "item");
    const variety = text(prefix, "variety");
    return variety ? fill(words.variety, { item, variety }) : item;
  };

  const percent = (time) => ((Math.min(Math.max(time, yearStart), yearEnd) - yearStart) / (yearEnd - yearStart)) * 100;
  const place = (element, span, within) => {
    const left = percent(span.start);
    const right = percent(span.end + DAY);
    element.hidden = right <= left;
    if (element.hidden) return null;
    const [from, width] = within ? [(left - within.left) / within.width * 100, (right - left) / within.width * 100] : [left, right - left];
    element.style.left = `${from.toFixed(3)}%`;
    element.style.width = `${width.toFixed(3)}%`;
    return { left, width: right - left };
  };

  const gridRow = (prefix) => {
    let row = grid.querySelector(`[data-grid-row="${prefix}"]`);
    if (!row) {
      row = grid.querySelector("[data-grid-row-template]").content.firstElementChild.cloneNode(true);
      row.dataset.gridRow = prefix;
      grid.querySelector("[data-grid-rows]").append(row);
    }
    return row;
  };

  const redraw = (prefix) => {
    const item = name(prefix);
    const span = season(prefix);
    const heading = [item, span ? seasonWords(span) : "", text(prefix, "origin")].filter(Boolean).join(" · ");
    const headingText = document.querySelector(`#inline_child_${prefix}-panel-heading [data-panel-heading-text]`);
    if (item && headingText) headingText.textContent = heading;
    if (!item && !span) return;
    const row = gridRow(prefix);
    const label = row.querySelector(".tce-grid__label");
    label.textContent = item;
    label.title = heading;
    const bar = row.querySelector("[data-bar]");
    bar.setAttribute("aria-label", heading);
    const placed = span && place(bar, span);
    if (!span) bar.hidden = true;
    const peakSpan = peak(prefix);
    const peakElement = row.querySelector("[data-peak]");
    if (placed && peakSpan) place(peakElement, peakSpan, placed);
    else peakElement.hidden = true;
    bar.classList.toggle("tce-grid__bar--before", Boolean(span && span.start < yearStart));
    bar.classList.toggle("tce-grid__bar--after", Boolean(span && span.end >= yearEnd));
  };

  const setField = (prefix, name, value) => {
    const input = field(prefix, name);
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  };
  // A date given in the grid replaces the anchor its end was worked out from.
  const setEnd = (prefix, end, time) => {
    setField(prefix, `season_${end}`, iso(time));
    if (text(prefix, `season_${end}_anchor`)) {
      setField(prefix, `season_${end}_anchor`, "");
      setField(prefix, `season_${end}_offset`, "");
    }
  };

  const stretch = (prefix, month) => {
    const first = Date.UTC(year, month - 1, 1);
    const last = Date.UTC(year, month, 0);
    const span = season(prefix);
    if (!span || first < span.start) setEnd(prefix, "start", first);
    if (!span || last > span.end) setEnd(prefix, "end", last);
  };

  const openEntry = (prefix) => {
    const section = document.getElementById(`inline_child_${prefix}-panel-section`);
    const toggle = section?.querySelector("[data-panel-toggle]");
    if (toggle?.getAttribute("aria-expanded") === "false") toggle.click();
    grid.querySelectorAll(".tce-grid__row--active").forEach((row) => row.classList.remove("tce-grid__row--active"));
    gridRow(prefix).classList.add("tce-grid__row--active");
    const input = field(prefix, text(prefix, "season_start_anchor") ? "season_start_anchor" : "season_start");
    input?.scrollIntoView({ block: "center" });
    input?.focus({ preventScroll: true });
  };

  grid.addEventListener("click", (event) => {
    const row = event.target.closest("[data-grid-row]");
    if (!row) return;
    const month = event.target.closest("[data-month]");
    if (month) stretch(row.dataset.gridRow, Number(month.dataset.month));
    else if (event.target.closest("[data-open-entry]")) openEntry(row.dataset.gridRow);
  });

  const entryOf = (element) => element.closest?.("[data-seasonal-entry]")?.dataset.seasonalEntry;
  ["input", "change"].forEach((type) => document.addEventListener(type, (event) => {
    const prefix = entryOf(event.target);
    if (prefix) redraw(prefix);
  }));
  document.addEventListener("w-formset:removed", (event) => {
    const prefix = entryOf(event.target);
    const row = prefix && grid.querySelector(`[data-grid-row="${prefix}"]`);
    if (row) row.hidden = true;
  });
};

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initTasteCalendarGrid);
else initTasteCalendarGrid();
