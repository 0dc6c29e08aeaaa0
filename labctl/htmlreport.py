"""One self-contained HTML page per class run: what the class got, to look at together.

No server, no network, no external asset: the styles, the bar chart (inline SVG) and the
few lines of script that sort the table are all in the file, so it opens from a USB stick on a
classroom PC and prints as it shows. The chart gives each check's pass rate over the labs where
it ran (short bars: the parts of the tutorial the class did not get); the table gives every
student's points, grade and the hints of the checks they failed. Clicking a heading sorts by
that column; ``report.html#sort=grade`` (any column key) opens it sorted, descending with
``#sort=-grade``.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from labctl.i18n import Lang, check_title, t
from labctl.inventory import Grading, Row, ids_of

_BAR_HEIGHT = 30
_LABEL_WIDTH = 330
_CHART_WIDTH = 900

_STYLE = """
:root { --ok: #1a7f37; --bad: #b42318; --off: #6e6e6e; --ink: #111; --line: #c8c8c8; }
* { box-sizing: border-box; }
body { font: 20px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink);
       background: #fff; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; }
h1 { font-size: 2rem; margin: 0 0 .3rem; } h2 { font-size: 1.5rem; margin: 2rem 0 .5rem; }
.summary { font-size: 1.2rem; } .note { color: #444; }
svg text { font-size: 17px; fill: var(--ink); }
svg .track { fill: #eee; } svg .bar { fill: var(--ok); } svg .bar.low { fill: var(--bad); }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .45rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.passed { color: var(--ok); font-weight: 600; } td.failed { color: var(--bad); font-weight: 600; }
td.unreachable { color: var(--off); font-weight: 600; }
ul.hints { margin: 0; padding-left: 1.1rem; } ul.hints code { font-size: .9em; }
@media print {
  body { font-size: 11pt; margin: 0; max-width: none; }
  .note.screen { display: none; }
  th { background: none; cursor: auto; } th::after { content: "" !important; }
  tr, svg { break-inside: avoid; }
  svg .bar, svg .bar.low { fill: #444; } svg .track { fill: #ddd; }
  a { color: inherit; text-decoration: none; }
}
"""

# Sorting by clicking a heading (and by #sort=KEY in the address); each cell carries data-v.
_SCRIPT = """
(function () {
  var table = document.getElementById("students");
  var heads = table.tHead.rows[0].cells;
  function value(row, i) {
    var v = row.cells[i].getAttribute("data-v");
    var n = parseFloat(v);
    return isNaN(n) ? v.toLowerCase() : n;
  }
  function sortBy(i, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, i), y = value(b, i);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var k = 0; k < heads.length; k++) heads[k].removeAttribute("aria-sort");
    heads[i].setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener("click", function () {
      sortBy(i, th.getAttribute("aria-sort") === "ascending");
    });
  });
  var wanted = /^#sort=(-?)([\\w-]+)$/.exec(location.hash);
  if (wanted) {
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].getAttribute("data-key") === wanted[2]) sortBy(i, wanted[1] === "-");
    }
  }
})();
"""


def pass_rates(rows: list[Row]) -> list[tuple[str, int, int]]:
    """(check id, labs that passed it, labs where it ran), in the order verify runs them."""
    out = []
    for check_id in ids_of(rows):
        ran = [r.checks[check_id] for r in rows if check_id in r.checks]
        out.append((check_id, sum(ran), len(ran)))
    return out


def chart(rows: list[Row], lang: Lang) -> str:
    """A horizontal bar per check: its pass rate, with n/m written next to it."""
    rates = pass_rates(rows)
    height = _BAR_HEIGHT * len(rates) + 10
    span = _CHART_WIDTH - _LABEL_WIDTH - 110
    parts = [
        f'<svg id="pass-rate-chart" role="img" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'width="100%" aria-label="{escape(t(lang, "report.chart"))}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (check_id, passed, ran) in enumerate(rates):
        y = 5 + i * _BAR_HEIGHT
        rate = passed / ran if ran else 0.0
        low = " low" if rate < 0.5 else ""
        title = escape(check_title(lang, check_id))
        parts.append(
            f"<g><title>{title}</title>"
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 20}" text-anchor="end">{escape(check_id)}</text>'
            f'<rect class="track" x="{_LABEL_WIDTH}" y="{y + 4}" width="{span}" height="22"/>'
            f'<rect class="bar{low}" data-check="{escape(check_id)}" data-rate="{rate:.4f}" '
            f'x="{_LABEL_WIDTH}" y="{y + 4}" width="{rate * span:.1f}" height="22"/>'
            f'<text x="{_LABEL_WIDTH + span + 8}" y="{y + 20}">'
            f"{round(100 * rate)}% ({passed}/{ran})</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render(rows: list[Row], grading: Grading, lang: Lang, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now().astimezone()
    counts = {s: sum(r.status == s for r in rows) for s in ("passed", "failed", "unreachable")}
    heads = [
        ("label", t(lang, "class.lab")),
        ("points", t(lang, "class.points")),
        ("grade", t(lang, "class.grade")),
        ("status", t(lang, "class.status")),
        ("hints", t(lang, "report.hints")),
    ]
    head = "".join(f'<th scope="col" data-key="{k}">{escape(name)}</th>' for k, name in heads)
    body = "\n".join(_student(r, lang) for r in rows)
    title = f"{t(lang, 'report.title')} - labctl"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{escape(t(lang, "report.title"))}</h1>
<p class="summary" id="summary">{escape(t(lang, "report.labs", n=len(rows)))}:
{escape(t(lang, "class.counts", **counts))}.
{escape(t(lang, "report.max", points=_num(grading.possible)))}</p>
<h2>{escape(t(lang, "report.chart"))}</h2>
<p class="note">{escape(t(lang, "report.chart-note"))}</p>
{chart(rows, lang)}
<h2>{escape(t(lang, "report.students"))}</h2>
<p class="note screen">{escape(t(lang, "report.sort"))}</p>
<table id="students">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
<p class="note">{escape(t(lang, "report.made", when=when.strftime("%Y-%m-%d %H:%M %Z")))}</p>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _student(row: Row, lang: Lang) -> str:
    items = [
        f"<li><code>{escape(c.id)}</code> {escape(c.hint or c.title)}</li>"
        for c in row.results
        if not c.passed
    ]
    if row.error:
        items.append(f"<li>{escape(row.error)}</li>")
    if row.same_as:
        items.append(f"<li>{escape(t(lang, 'class.same-as', label=row.same_as))}</li>")
    hints = f'<ul class="hints">{"".join(items)}</ul>' if items else ""
    percent = 100 * row.grade
    status = escape(t(lang, f"status.{row.status}"))
    return (
        "<tr>"
        f'<td data-v="{escape(row.label)}">{escape(row.label)}</td>'
        f'<td class="num" data-v="{row.points:g}">{_num(row.points)}/{_num(row.possible)}</td>'
        f'<td class="num" data-v="{percent:.2f}">{percent:.0f}%</td>'
        f'<td data-v="{row.status}" class="{row.status}">{status}</td>'
        f'<td data-v="{len(items)}">{hints}</td></tr>'
    )


def _num(value: float) -> str:
    return f"{value:g}"
