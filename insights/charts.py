"""Bar charts drawn on the server as SVG (like the outcome score chart): each chart has a table
beside it with the same numbers, so nothing is only in the picture."""

from dataclasses import dataclass

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, VALUE_WIDTH = 480, 18, 6, 200, 48


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value_text: str


@dataclass(frozen=True)
class BarChart:
    bars: list
    width: int = WIDTH
    height: int = 0
    left: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items: list[tuple[str, float | None, str]], *, highest: float | None = None) -> BarChart:
    """Horizontal bars for (label, value, value as text); values are scaled to `highest` (default
    the largest). Labels are cut to fit; the table beside the chart has them in full."""
    values = [value for _, value, _ in items if value is not None]
    top = highest if highest is not None else max(values, default=0) or 1
    inner = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value, text) in enumerate(items):
        width = round(inner * max(0.0, float(value or 0)) / float(top), 1) if top else 0
        short = label if len(label) <= 30 else label[:29] + "…"
        bars.append(Bar(y=index * (BAR_HEIGHT + GAP), width=width, label=short, value_text=text))
    return BarChart(bars=bars, height=max(1, len(bars)) * (BAR_HEIGHT + GAP))
