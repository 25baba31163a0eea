"""The report's stylesheet: screen layout, and a print stylesheet for paper and PDF that opens
every collapsible section and keeps each chart on one page with its caption."""

from __future__ import annotations

CSS = """
:root { --ink:#1d2430; --muted:#5b6473; --line:#dfe3ea; --ref:#eaf2fb; --accent:#0072B2; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 "Helvetica Neue", Arial, "Noto Sans", "Noto Sans CJK SC",
  sans-serif; color:var(--ink); background:#f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 60px; background:#fff;
  min-height:100vh; box-shadow: 0 0 0 1px var(--line); }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .note { color: var(--muted); font-size: 13px; }
nav { font-size: 13px; margin: 10px 0 0; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
.cards { display:grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap:14px; }
.card { border:1px solid var(--line); border-radius:8px; padding:12px 14px; background:#fff; }
.card h3 { margin:0 0 6px; display:flex; gap:8px; align-items:center; flex-wrap:wrap; }
.card p { margin: 4px 0; font-size: 14px; }
.card.ref { background: var(--ref); border-color:#b9d3ee; }
.badge { font-size:11px; font-weight:600; padding:2px 8px; border-radius:10px; color:#fff; }
.badge.ok { background:#2e8b57; } .badge.bad { background:#b03a2e; }
.tag { font-size:11px; font-weight:600; padding:1px 6px; border-radius:8px;
  background: var(--accent); color:#fff; vertical-align: middle; }
.diagnosis { background:#fdf0ee; border-left:3px solid #b03a2e; padding:6px 10px;
  font-size:13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 9px; text-align: left;
  vertical-align: top; }
thead th { background:#f0f2f5; font-weight:600; position: sticky; top: 0; }
tbody th { font-weight: normal; }
tr.group th { background: #f8f9fb; font-weight: 600; color: var(--accent); padding-top: 9px; }
table.num td { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
td.ref { background: var(--ref); }
table.matrix td { text-align:center; white-space:nowrap; font-weight:600; font-size:12.5px; }
td.met { background:#e3f4e8; color:#1e6b3a; } td.unmet { background:#fbe3df; color:#9b2c1f; }
td.na { background:#f3f4f6; color:#7a828e; font-weight:normal; }
td.infeasible { background:#ece6f3; color:#5b3c88; }
.up { color:#9b2c1f; } .down { color:#1e6b3a; } .zero { color: var(--muted); }
figure { margin: 14px 0 22px; }
figure img { max-width: 100%; height: auto; border:1px solid var(--line); border-radius:4px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
details { margin: 6px 0; border:1px solid var(--line); border-radius:6px; padding: 4px 10px; }
details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
section.targets td { white-space: nowrap; }
.caveats li { margin-bottom: 6px; }
code { background:#f0f2f5; padding:0 4px; border-radius:3px; font-size: 12.5px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
"""


PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; box-shadow: none; min-height: 0; }
  nav { display: none; }
  /* every section is open on paper; the summary line becomes a heading */
  details { border: none; padding: 0; margin: 0; }
  details > summary { list-style: none; font-size: 12.5pt; margin-top: 10px; }
  details > summary::-webkit-details-marker { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  figure { break-inside: avoid; page-break-inside: avoid; margin: 8px 0 14px; }
  /* two charts to a page where they fit: a wide chart prints at most half a page tall */
  figure img { width: auto; max-width: 100%; border: none; }
  figure.half img { max-height: 100mm; }
  figure.page img { max-height: 228mm; }
  figcaption { break-before: avoid; page-break-before: avoid; }
  h2, h3, summary { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, .card { break-inside: avoid; page-break-inside: avoid; }
  .cards { grid-template-columns: 1fr 1fr; }
  td.met, td.unmet, td.na, td.infeasible, td.ref, thead th, tr.group th, .card.ref,
  .badge, .tag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
