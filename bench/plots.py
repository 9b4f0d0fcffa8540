"""The PNG figures docs/benchmarks.md shows (committed under docs/bench/)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen
import matplotlib.pyplot as plt  # noqa: E402

from bench.routing_eval import LABELS  # noqa: E402

PREDICTED = [*LABELS, "clarify", "crisis", "other"]


def confusion_matrix(confusion, title: str, path: Path) -> None:
    """Rows: the question's hotline; columns: where the assistant sent it (share of the row)."""
    rows = [[confusion.get((gold, pred), 0) for pred in PREDICTED] for gold in LABELS]
    shares = [[v / (sum(r) or 1) for v in r] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(PREDICTED)), PREDICTED, rotation=35, ha="right")
    ax.set_yticks(range(len(LABELS)), LABELS)
    ax.set_xlabel("routed to")
    ax.set_ylabel("labelled")
    for i, row in enumerate(rows):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, str(count), ha="center", va="center",
                        color="white" if shares[i][j] > 0.5 else "black", fontsize=9)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def throughput(rows: list[dict], path: Path) -> None:
    """Messages per second and p95 latency by concurrent users, one line per system."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for system in dict.fromkeys(r["system"] for r in rows):
        mine = [r for r in rows if r["system"] == system]
        users = [r["users"] for r in mine]
        left.plot(users, [r["per_s"] for r in mine], marker="o", label=system)
        right.plot(users, [r["p95_ms"] for r in mine], marker="o", label=system)
    for ax, label in ((left, "messages / s"), (right, "p95 latency, ms")):
        ax.set_xscale("log")
        ax.set_xticks([1, 10, 50], ["1", "10", "50"])
        ax.set_xlabel("concurrent users")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    left.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
