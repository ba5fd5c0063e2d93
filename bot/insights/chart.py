"""Server-side charts for the insights page (matplotlib, PNG)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

from bot.insights.report import Report

BLUE = "#00527c"


def topics_chart(report: Report, labels: dict[str, str]) -> bytes:
    """A horizontal bar chart of the top topics (suppressed counts are not in the report)."""
    matplotlib.use("Agg")  # no display: render to PNG
    import matplotlib.pyplot as plt

    rows = list(reversed(report.top_topics)) or [("(te weinig gegevens)", 0)]
    fig, ax = plt.subplots(figsize=(6.5, 0.45 * len(rows) + 1.2), dpi=100)
    ax.barh([labels.get(name, name) for name, _ in rows], [count for _, count in rows], color=BLUE)
    ax.set_xlabel("aantal gesprekken")
    ax.set_title(f"Onderwerpen – {report.municipality}, {report.period}", fontsize=10)
    return _png(fig, ax)


def trend_chart(months: list[str], series: dict[str, list[int | None]], title: str) -> bytes:
    """Lines over months, one per measure; a suppressed month (None) is a gap in its line."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 3.2), dpi=100)
    colours = (BLUE, "#c05a00", "#5b8c00", "#7a3e9d")
    for colour, (label, values) in zip(colours, series.items(), strict=False):
        points = [float("nan") if v is None else v for v in values]
        ax.plot(months, points, marker="o", color=colour, label=label)
    if not months:
        ax.text(0.5, 0.5, "(te weinig gegevens)", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylabel("aantal")
    ax.set_ylim(bottom=0)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    return _png(fig, ax)


def _png(fig: Any, ax: Any) -> bytes:
    """The figure as PNG, in the house style (no top or right frame), and closed."""
    import matplotlib.pyplot as plt

    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
