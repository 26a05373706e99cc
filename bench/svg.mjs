// Plain SVG charts for the benchmark's figures (bench/figures/): a horizontal
// bar chart and a line chart over a few categories on x, drawn by hand so
// that the files stay small, readable as text and diffable.
import { readFileSync } from "node:fs";
import os from "node:os";

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
const INK = "#222";
const MUTED = "#666";
const GRID = "#ddd";
export const COLOURS = ["#3b6fb6", "#d9822b", "#4a9c5d", "#b8453d", "#7a5aa6", "#8c6d46", "#c4569b", "#6b6b6b"];

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (n) => Number(n.toFixed(1));

function text(x, y, content, { size = 12, anchor = "start", fill = INK, weight, extra = "" } = {}) {
  const w = weight ? ` font-weight="${weight}"` : "";
  return `<text x="${num(x)}" y="${num(y)}" font-size="${size}" text-anchor="${anchor}" fill="${fill}"${w}${extra}>${esc(content)}</text>`;
}

/** A "nice" axis maximum and tick step for values up to `max`. */
function axis(max, ticks = 5) {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return { top: Math.ceil(max / step) * step, step };
}

/** The ticks from 0 to `max`, `step` apart. */
const ticks = (max, step) => Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);

/** What the figures say about where they were made: cores, CPU, OS, date. */
export function machine(extra = []) {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim();
  const date = new Date().toISOString().slice(0, 10);
  let system = `${os.type()} ${os.release()}`;
  try {
    system = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1] ?? system;
  } catch {
    // Not Linux: the kernel's name and release.
  }
  return [`${cpus.length} cores (${model})`, system, `Node ${process.versions.node}`, ...extra, date].join(", ");
}

/** `paragraphs` broken into lines of at most `chars` characters. */
function wrap(paragraphs, chars) {
  const lines = [];
  for (const paragraph of paragraphs) {
    let line = "";
    for (const word of paragraph.split(/\s+/)) {
      if (line && line.length + 1 + word.length > chars) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** The note lines that fit a figure `width` wide. */
const noteLines = (notes, width) => wrap(notes, Math.floor((width - 32) / 5.8));

function frame(width, height, title, subtitle, body, notes) {
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    text(16, 26, title, { size: 16, weight: "600" }),
    text(16, 45, subtitle, { size: 11.5, fill: MUTED }),
    ...body,
  ];
  notes.forEach((note, i) => lines.push(text(16, height - 12 - (notes.length - 1 - i) * 15, note, { size: 11, fill: MUTED })));
  lines.push("</svg>");
  return `${lines.join("\n")}\n`;
}

/**
 * A horizontal bar chart: one bar per `{ label, value, colour? }`, its value
 * printed after it with `format(value)`, on an x axis titled `unit` whose
 * ticks read `format(value, true)`.
 */
export function barChart({ title, subtitle, notes = [], unit, format, bars }) {
  const labelWidth = 16 + 7 * Math.max(...bars.map((b) => b.label.length));
  const plotWidth = 480, barHeight = 20, gap = 8, top = 66;
  const width = labelWidth + plotWidth + 110;
  const plotHeight = bars.length * (barHeight + gap);
  notes = noteLines(notes, width);
  const height = top + plotHeight + 46 + notes.length * 15 + 10;
  const { top: max, step } = axis(Math.max(...bars.map((b) => b.value)));
  const x = (v) => labelWidth + (v / max) * plotWidth;
  const body = [];
  for (const t of ticks(max, step)) {
    body.push(`<line x1="${num(x(t))}" y1="${top - 4}" x2="${num(x(t))}" y2="${top + plotHeight}" stroke="${GRID}"/>`);
    body.push(text(x(t), top + plotHeight + 15, format(t, true), { size: 11, anchor: "middle", fill: MUTED }));
  }
  body.push(text(labelWidth + plotWidth / 2, top + plotHeight + 32, unit, { size: 11.5, anchor: "middle", fill: MUTED }));
  bars.forEach((b, i) => {
    const y = top + i * (barHeight + gap);
    const colour = b.colour ?? COLOURS[0];
    body.push(text(labelWidth - 8, y + barHeight / 2 + 4, b.label, { anchor: "end" }));
    body.push(`<rect x="${labelWidth}" y="${y}" width="${num(Math.max(0, x(b.value) - labelWidth))}" height="${barHeight}" fill="${colour}"/>`);
    body.push(text(Math.max(x(b.value), labelWidth) + 6, y + barHeight / 2 + 4, format(b.value), { size: 11.5 }));
  });
  body.push(`<line x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${top + plotHeight}" stroke="${INK}"/>`);
  return frame(width, height, title, subtitle, body, notes);
}

/**
 * Line charts side by side, sharing a y axis: each panel `{ title, series:
 * [{ name, values, colour?, dash?, below? }], guides }` over the same x
 * categories (`xLabels`, evenly spaced), with a legend of the first
 * panel's series and the panels' guides (horizontal lines, `{ value, label,
 * colour?, dash? }`, named in the legend only); a series' values are printed
 * above its points, or under them with `below`; values read `format(value)`,
 * the y axis's ticks `format(value, true)`.
 */
export function lineChart({ title, subtitle, notes = [], xLabels, xTitle, yTitle, format, panels }) {
  const panelWidth = 330, plotHeight = 260, left = 70, top = 100, between = 60;
  const width = left + panels.length * panelWidth + (panels.length - 1) * between + 30;
  notes = noteLines(notes, width);
  const height = top + plotHeight + 58 + notes.length * 15 + 10;
  const all = panels.flatMap((p) => [...p.series.flatMap((s) => s.values), ...(p.guides ?? []).map((g) => g.value)]);
  const { top: max, step } = axis(Math.max(...all));
  const y = (v) => top + plotHeight - (v / max) * plotHeight;
  const body = [];
  // Legend, under the subtitle: the series, then every panel's guides.
  const guideKinds = [...new Map(panels.flatMap((p) => p.guides ?? []).map((g) => [g.label, g])).values()];
  const legend = [
    ...panels[0].series.map((s, i) => ({ label: s.name, colour: s.colour ?? COLOURS[i], dash: s.dash, width: 2.5 })),
    ...guideKinds.map((g) => ({ label: g.label, colour: g.colour ?? MUTED, dash: g.dash ?? "2 3", width: 1.5 })),
  ];
  let lx = 16;
  for (const item of legend) {
    body.push(`<line x1="${lx}" y1="63" x2="${lx + 26}" y2="63" stroke="${item.colour}" stroke-width="${item.width}"${item.dash ? ` stroke-dasharray="${item.dash}"` : ""}/>`);
    body.push(text(lx + 32, 67, item.label, { size: 11.5 }));
    lx += 32 + 6.2 * item.label.length + 22;
  }
  panels.forEach((panel, p) => {
    const x0 = left + p * (panelWidth + between);
    const x = (i) => x0 + 20 + (i / Math.max(1, xLabels.length - 1)) * (panelWidth - 40);
    body.push(text(x0 + panelWidth / 2, top - 8, panel.title, { size: 12.5, anchor: "middle", weight: "600" }));
    for (const t of ticks(max, step)) {
      body.push(`<line x1="${x0}" y1="${num(y(t))}" x2="${x0 + panelWidth}" y2="${num(y(t))}" stroke="${GRID}"/>`);
      body.push(text(x0 - 6, y(t) + 4, format(t, true), { size: 11, anchor: "end", fill: MUTED }));
    }
    xLabels.forEach((label, i) => body.push(text(x(i), top + plotHeight + 16, label, { size: 11, anchor: "middle", fill: MUTED })));
    body.push(text(x0 + panelWidth / 2, top + plotHeight + 34, xTitle, { size: 11.5, anchor: "middle", fill: MUTED }));
    body.push(`<line x1="${x0}" y1="${top + plotHeight}" x2="${x0 + panelWidth}" y2="${top + plotHeight}" stroke="${INK}"/>`);
    body.push(`<line x1="${x0}" y1="${top}" x2="${x0}" y2="${top + plotHeight}" stroke="${INK}"/>`);
    for (const g of panel.guides ?? []) {
      body.push(`<line x1="${x0}" y1="${num(y(g.value))}" x2="${x0 + panelWidth}" y2="${num(y(g.value))}" stroke="${g.colour ?? MUTED}" stroke-width="1.5" stroke-dasharray="${g.dash ?? "2 3"}"/>`);
    }
    panel.series.forEach((s, i) => {
      const colour = s.colour ?? COLOURS[i];
      const points = s.values.map((v, j) => `${num(x(j))},${num(y(v))}`).join(" ");
      body.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
      s.values.forEach((v, j) => {
        body.push(`<circle cx="${num(x(j))}" cy="${num(y(v))}" r="3.5" fill="${colour}"/>`);
        body.push(text(x(j) + 6, y(v) + (s.below ? 15 : -6), format(v), { size: 10.5, fill: colour }));
      });
    });
  });
  body.push(text(16, top + plotHeight / 2, yTitle, { size: 11.5, anchor: "middle", fill: MUTED, extra: ` transform="rotate(-90 16 ${top + plotHeight / 2})"` }));
  return frame(width, height, title, subtitle, body, notes);
}
