/** The report's stylesheet, inline: system fonts, no web fonts, nothing fetched. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b66; --line: #d9d9e0; --accent: #D55E00; --bg-soft: #f5f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 8px 0; }
.lede { font-size: 18px; }
.note, .meta { color: var(--muted); font-size: 13px; }
.good { color: #1a7f37; }
.bad { color: #b42318; font-weight: 600; }
.deployment { font-size: 18px; font-weight: 600; }
table { border-collapse: collapse; margin: 10px 0 14px; font-size: 13.5px; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.marked td { background: #fff1e8; font-weight: 600; }
details { margin: 6px 0 12px; }
summary { cursor: pointer; color: var(--muted); }
dl.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 12px 0; }
dl.headline div { background: var(--bg-soft); border-radius: 8px; padding: 10px 12px; }
dl.headline dt { color: var(--muted); font-size: 13px; }
dl.headline dd { margin: 0; font-size: 22px; font-weight: 650; }
dl.headline small { display: block; font-size: 12px; font-weight: 400; color: var(--muted); }
dl.sources dt { font-weight: 600; }
dl.sources dd { margin: 0 0 6px 16px; color: var(--muted); }
ul.warnings li::marker { content: "! "; color: var(--accent); font-weight: 700; }
figure { margin: 12px 0; break-inside: avoid; }
.pair { display: grid; grid-template-columns: 1fr; gap: 8px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }
svg.chart text { fill: var(--ink); }
svg.chart .tick { fill: var(--muted); }
svg.chart .axis-title { font-size: 13px; font-weight: 600; }
svg.chart .grid { stroke: #ececf1; }
svg.chart .axis { stroke: #777; }
svg.chart .rule line { stroke: #b42318; stroke-dasharray: 6 4; stroke-width: 1.4; }
svg.chart .rule text { fill: #b42318; font-size: 12px; }
svg.chart .planned-rule line { stroke: #555; stroke-dasharray: 2 3; }
svg.chart .planned-rule text, svg.chart .capacity-rule text { fill: #444; }
svg.chart .capacity-rule line { stroke: #444; }
svg.chart .candidate { stroke: #2b2b2b; stroke-width: 0.6; fill-opacity: 0.9; }
svg.chart .candidate.unknown-quality { fill: #fff; fill-opacity: 0.6; stroke: #6b6b76; stroke-width: 1.4; }
svg.chart .pareto-line { fill: none; stroke: #1d1d1f; stroke-width: 1.6; }
svg.chart .pareto-point { fill: none; stroke: #1d1d1f; stroke-width: 1.4; }
svg.chart .pareto-line { stroke-opacity: 0.8; }
svg.chart .recommended { fill: none; stroke: var(--accent); stroke-width: 3; }
svg.chart .recommended-mark text { fill: var(--accent); font-weight: 700; }
svg.chart .recommended-mark text, svg.chart .rule text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg.chart .gpu-memory { stroke: #1d1d1f; stroke-width: 2.5; }
svg.chart .bar-label { font-size: 12.5px; }
svg.chart .line { fill: none; stroke-width: 2; }
svg.chart .throughput-line { stroke: #0072B2; }
svg.chart .point.throughput { fill: #0072B2; }
svg.chart .e2e-line { stroke: #D55E00; }
svg.chart .point.e2e { fill: #D55E00; }
svg.chart .ttft-line { stroke: #009E73; stroke-dasharray: 5 3; }
svg.chart .point.ttft { fill: #009E73; }
ul.legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; color: var(--muted); }
.swatch { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; border-radius: 3px; }
.swatch.gradient { width: 90px; }
.swatch.ring { border-radius: 50%; border: 1.5px solid #6b6b76; background: #fff; }
.swatch.pareto { border-radius: 50%; border: 1.5px solid #1d1d1f; }
.swatch.recommended { border-radius: 50%; border: 3px solid var(--accent); }
.swatch.memory { width: 3px; background: #1d1d1f; border-radius: 0; }
.swatch.dashed-grey { height: 0; border-top: 2px dashed #444; border-radius: 0; vertical-align: 3px; }
.swatch.stairs { height: 0; border-top: 2px solid #1d1d1f; border-radius: 0; vertical-align: 3px; }
.swatch.dashed { height: 0; border-top: 2px dashed #b42318; border-radius: 0; vertical-align: 3px; }
.swatch.line-throughput { height: 3px; background: #0072B2; vertical-align: 3px; }
.swatch.line-e2e { height: 3px; background: #D55E00; vertical-align: 3px; }
.swatch.line-ttft { height: 0; border-top: 3px dashed #009E73; border-radius: 0; vertical-align: 3px; }
@media print { h2 { break-after: avoid; } details { display: block; } }
`;
