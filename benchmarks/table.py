"""The summary table: one line per row of the issue's table, with target and verdict."""

from dataclasses import dataclass, field


@dataclass
class Row:
    number: str
    measurement: str
    result: str
    target: str
    met: bool | None
    """``None`` when not measured here (e.g. the SDK is missing)."""
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "n/a"}[self.met]


def render_table(rows: list[Row]) -> str:
    header = ("#", "measurement", "result", "target", "verdict")
    lines = [header] + [(r.number, r.measurement, r.result, r.target, r.verdict) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def render_markdown(rows: list[Row]) -> str:
    out = ["| # | measurement | result | target | verdict |", "|---|---|---|---|---|"]
    for r in rows:
        cells = (r.number, r.measurement, r.result, r.target, r.verdict)
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)
