import { Marked } from 'marked';
import type { Answer } from '../bot/answer.js';
import { FEEDBACK_REASONS } from '../bot/store.js';

/** Server-rendered HTML for the local page and the dashboard: small templates, everything escaped. */

export function esc(text: string | number | null | undefined): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Knowledge articles are markdown from the repository; raw HTML in them is dropped, links open safely.
const md = new Marked({
  gfm: true,
  renderer: {
    html: () => '',
    // A code block can scroll (max-height), so it must be reachable by keyboard (axe: scrollable-region-focusable).
    code({ text, lang }) {
      const cls = lang ? ` class="language-${esc(lang.split(/\s/)[0])}"` : '';
      return `<pre tabindex="0"><code${cls}>${esc(text)}</code></pre>\n`;
    },
    link({ href, text }) {
      const safe = /^https?:\/\//.test(href) || href.startsWith('/') ? href : '#';
      return `<a href="${esc(safe)}" rel="noopener noreferrer" target="_blank">${esc(text)}</a>`;
    },
  },
});

export function markdown(text: string): string {
  return md.parse(text, { async: false }) as string;
}

export function page(title: string, body: string, opts: { active?: 'playground' | 'dashboard' | 'kb' } = {}): string {
  const nav = (href: string, label: string, key: string) =>
    `<a href="${href}"${opts.active === key ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · diagnose-bot</title>
<meta name="color-scheme" content="light dark">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header><strong>diagnose-bot</strong><nav>${nav('/', 'Playground', 'playground')}${nav('/dashboard', 'Dashboard', 'dashboard')}${nav('/kb', 'Knowledge base', 'kb')}</nav></header>
<main>${body}</main>
</body>
</html>`;
}

// Icons as inline SVG (no emoji font needed), hidden from screen readers: the button text says it.
const THUMB_PATH = 'M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 2-1.6l1.6-7A2 2 0 0 0 18.8 10H14l.8-4.4A1.8 1.8 0 0 0 13 3.5L8 10z';
const THUMB_UP = `<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24"><path fill="currentColor" d="${THUMB_PATH}"/></svg>`;
const THUMB_DOWN = `<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" style="transform: rotate(180deg)"><path fill="currentColor" d="${THUMB_PATH}"/></svg>`;

/** One bot reply, as it would appear in a thread. */
export function answerHtml(a: Answer): string {
  const badge =
    a.kind === 'diagnosis'
      ? `<span class="badge ${a.tentative ? 'maybe' : 'ok'}">${a.tentative ? 'possible match' : 'match'} · ${Math.round(a.confidence * 100)}%</span> <a class="article" href="/kb/${esc(a.articleId)}">${esc(a.articleId)}</a>`
      : `<span class="badge ${a.kind}">${esc(a.kind)}</span>`;
  const parts = [
    `<div class="answer" data-answer-id="${esc(a.id)}" data-kind="${esc(a.kind)}">`,
    `<h3>${esc(a.title)}</h3>`,
    `<p class="meta">${badge}</p>`,
  ];
  if (a.summary)
    parts.push(
      `<section class="claude"><h4>Summary <small>(by Claude)</small></h4><p>${esc(a.summary).replace(/\n/g, '<br>')}</p></section>`,
    );
  if (a.cause) parts.push(`<section><h4>Cause</h4>${markdown(a.cause)}</section>`);
  if (a.fix) parts.push(`<section><h4>Fix</h4>${markdown(a.fix)}</section>`);
  if (a.claudeNote)
    parts.push(
      `<section class="claude"><h4>Note <small>(by Claude)</small></h4><p>${esc(a.claudeNote).replace(/\n/g, '<br>')}</p></section>`,
    );
  if (a.versionAdvice.length) parts.push(`<p class="version">${a.versionAdvice.map(esc).join('<br>')}</p>`);
  if (a.earlierLink) parts.push(`<p><a href="${esc(a.earlierLink)}">See the earlier answer</a></p>`);
  if (a.alternatives.length) {
    parts.push(
      `<section><h4>${a.kind === 'diagnosis' ? 'Other possibilities' : 'Possible matches'}</h4><ul>${a.alternatives
        .map((x) => `<li><a href="/kb/${esc(x.id)}">${esc(x.title)}</a> <small>${Math.round(x.score * 100)}%</small></li>`)
        .join('')}</ul></section>`,
    );
  }
  if (a.sources.length)
    parts.push(
      `<p class="sources">Sources: ${a.sources.map((s, i) => `<a href="${esc(s)}" rel="noopener noreferrer" target="_blank">[${i + 1}]</a>`).join(' ')}</p>`,
    );
  const why = (a.reasons ? ` · ${esc(a.reasons)}` : '') + (a.verified ? ` · ${esc(a.verified)}` : '');
  parts.push(`<p class="fingerprint">fingerprint <code>${esc(a.fingerprint)}</code>${why}</p>`);
  for (const n of a.notes) parts.push(`<p class="note">${esc(n)}</p>`);
  if (a.feedback) {
    parts.push(
      `<div class="feedback" role="group" aria-label="Was this helpful?"><button type="button" data-vote="up">${THUMB_UP}Helpful</button><button type="button" data-vote="down">${THUMB_DOWN}Not helpful</button><button type="button" data-escalate>Still stuck: ask a human</button><span class="feedback-status" aria-live="polite"></span></div>`,
      `<div class="reasons" role="group" aria-label="Why was it not helpful?" hidden>${Object.entries(FEEDBACK_REASONS)
        .map(([k, label]) => `<button type="button" data-reason="${esc(k)}">${esc(label)}</button>`)
        .join('')}</div>`,
    );
  }
  parts.push('</div>');
  return parts.join('\n');
}

/** A bar chart as inline SVG: no chart library, no script. */
export function barChart(
  rows: Array<{ label: string; value: number; secondary?: number }>,
  opts: { width?: number; height?: number; title: string },
): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 160;
  if (rows.length === 0) return `<p class="empty">No data yet.</p>`;
  const max = Math.max(1, ...rows.map((r) => r.value + (r.secondary ?? 0)));
  // Bars share the width whatever the range (92 days fit as well as 14), with a small gap between them.
  const step = (width - 20) / rows.length;
  const bw = Math.round(Math.max(1, step - Math.min(4, step * 0.2)) * 10) / 10;
  // A long date range: a label every few bars, so they do not run into each other.
  const labelEvery = Math.ceil(rows.length / 16);
  const bars = rows
    .map((r, i) => {
      const x = Math.round((10 + i * step) * 10) / 10;
      const h = Math.round(((height - 30) * r.value) / max);
      const h2 = Math.round(((height - 30) * (r.secondary ?? 0)) / max);
      return `<g><title>${esc(r.label)}: ${r.value}${r.secondary ? ` (+${r.secondary} shadow)` : ''}</title><rect x="${x}" y="${height - 20 - h - h2}" width="${bw}" height="${h2}" class="bar2"/><rect x="${x}" y="${height - 20 - h}" width="${bw}" height="${h}" class="bar"/>${i % labelEvery === 0 ? `<text x="${x + bw / 2}" y="${height - 6}" text-anchor="middle">${esc(r.label.slice(5))}</text>` : ''}</g>`;
    })
    .join('');
  return `<svg role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="100%" class="chart">${bars}</svg>`;
}
