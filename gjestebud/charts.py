"""Charts drawn on the server as SVG: no JavaScript, readable by screen readers, allowed by a strict CSP.

Every chart is an image with a <title> and a <desc> that states all its numbers, every value is also written
as text next to its mark (so nothing is told by colour alone), and every label is escaped, since labels come
from user data (areas, measure titles). Colours are SVG presentation attributes, not style attributes, and
all have a contrast of at least 3:1 against white. Pages show the same numbers in a table next to the chart
(see the `chart_with_table` macro in _charts.html).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .i18n import _, format_date, get_locale

INK = "#1a1a1a"  # text, 17:1 against white
MARK = "#0b4f8a"  # bars and lines, 8:1 against white
AXIS = "#4a4a4a"  # axes, 8.9:1 against white
GRID = "#8a8f94"  # gridlines, 3.3:1 against white

WIDTH = 480
LABEL_MAX = 58
_ids = itertools.count(1)


def format_number(value: float) -> str:
    """In the reader's locale ("1 234,5" in Norwegian); whole numbers without decimals."""
    if float(value).is_integer():
        value = int(value)
    return format_decimal(value, format="#,##0.#", locale=get_locale())


def _with_unit(value: float, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[:LABEL_MAX - 1].rstrip() + "…"


def _frame(title: str, description: str, width: int, height: int, body: Sequence[str], kind: str) -> Markup:
    chart_id = f"chart-{next(_ids)}"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="15" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(body) + "</svg>"
    )


def _no_data(title: str, kind: str) -> Markup:
    message = _("No data yet.")
    return _frame(title, message, WIDTH, 60, [
        f'<rect class="chart-empty" x="1" y="1" width="{WIDTH - 2}" height="58" fill="none" stroke="{GRID}" '
        f'stroke-dasharray="6 4"/>',
        f'<text x="{WIDTH // 2}" y="35" text-anchor="middle">{escape(message)}</text>',
    ], kind)


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, unit: str = "") -> Markup:
    """Horizontal bars, one per (label, value), each label above its bar and the value written after it."""
    if not items:
        return _no_data(title, "bar")
    row_height, bar_height, value_room = 48, 20, 110
    longest = max((value for _label, value in items), default=0) or 1
    scale = (WIDTH - value_room) / longest
    body = [f'<line class="chart-axis" x1="0.5" y1="0" x2="0.5" y2="{row_height * len(items)}" '
            f'stroke="{AXIS}" stroke-width="1"/>']
    for row, (label, value) in enumerate(items):
        top = row * row_height
        length = max(round(value * scale, 1), 0)
        shown = _with_unit(value, unit)
        body.append(
            f'<g class="chart-item"><title>{escape(label)}: {escape(shown)}</title>'
            f'<text class="chart-label" x="4" y="{top + 15}">{escape(_short(label))}</text>'
            f'<rect class="chart-bar" x="1" y="{top + 20}" width="{length}" height="{bar_height}" '
            f'fill="{MARK}"/>'
            f'<text class="chart-value" x="{length + 8}" y="{top + 35}" font-weight="bold">'
            f'{escape(shown)}</text>'
            f'</g>'
        )
    description = _describe(title, [(label, _with_unit(value, unit)) for label, value in items])
    return _frame(title, description, WIDTH, row_height * len(items) + 4, body, "bar")


def line_chart(series: Sequence[tuple[date, int]], *, title: str, unit: str = "") -> Markup:
    """A running total over time (sign-ups, reports): a line with a marker and value at every point."""
    if not series:
        return _no_data(title, "line")
    left, right, top, bottom, height = 56, 24, 28, 44, 240
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    first, last = series[0][0], series[-1][0]
    days = (last - first).days or 1
    highest = max(value for _day, value in series) or 1

    def x(day: date) -> float:
        return round(left + ((day - first).days / days if last != first else 0.5) * plot_width, 1)

    def y(value: float) -> float:
        return round(top + plot_height - value / highest * plot_height, 1)

    body = []
    for tick in sorted({0, highest / 2, highest} if highest >= 2 else {0, highest}):
        body.append(f'<line class="chart-grid" x1="{left}" y1="{y(tick)}" x2="{WIDTH - right}" '
                    f'y2="{y(tick)}" stroke="{GRID}" stroke-width="1" stroke-dasharray="2 4"/>'
                    f'<text class="chart-tick" x="{left - 8}" y="{y(tick) + 5}" text-anchor="end">'
                    f'{escape(format_number(tick))}</text>')
    body.append(f'<line class="chart-axis" x1="{left}" y1="{top + plot_height}" x2="{WIDTH - right}" '
                f'y2="{top + plot_height}" stroke="{AXIS}" stroke-width="1"/>')
    for day, anchor in ((first, "start"), (last, "end")) if last != first else ((first, "middle"),):
        body.append(f'<text class="chart-tick" x="{x(day)}" y="{height - 16}" text-anchor="{anchor}">'
                    f'{escape(format_date(day, "short"))}</text>')
    points = " ".join(f"{x(day)},{y(value)}" for day, value in series)
    body.append(f'<polyline class="chart-line" points="{points}" fill="none" stroke="{MARK}" '
                f'stroke-width="3" stroke-linejoin="round"/>')
    for day, value in series:
        body.append(f'<circle class="chart-point" cx="{x(day)}" cy="{y(value)}" r="4" fill="{MARK}">'
                    f'<title>{escape(format_date(day))}: {escape(_with_unit(value, unit))}</title></circle>')
    last_value = series[-1][1]
    body.append(f'<text class="chart-value" x="{x(last)}" y="{y(last_value) - 10}" text-anchor="end" '
                f'font-weight="bold">{escape(_with_unit(last_value, unit))}</text>')
    description = _describe(title, [(format_date(day), _with_unit(value, unit)) for day, value in series])
    return _frame(title, description, WIDTH, height, body, "line")


def _describe(title: str, pairs: Sequence[tuple[str, str]]) -> str:
    """Everything the chart shows, as one sentence a screen reader can read out."""
    values = "; ".join(_("%(label)s: %(value)s", label=label, value=value) for label, value in pairs)
    return _("%(title)s. %(values)s.", title=title, values=values)
