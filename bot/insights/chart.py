"""Server-side charts for the insights page (matplotlib, PNG)."""

from __future__ import annotations

import io

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
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
