"""The results file: ``bench/results/latest.md``, one section per make target.

``make bench`` rewrites the section between its markers and ``make bench-scale`` its own, so the
file always holds the latest figures of both.
"""

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

HEADER = """# Bench results

Written by `make bench` and `make bench-scale` (see README, *Speed*). Figures depend on the machine
and on what else runs on it; compare rows within one run (the share of `/healthz`), not across
machines.
"""


@dataclass
class Line:
    label: str
    visitor: str
    rps: float
    share: float | None
    p50_ms: float | None
    p99_ms: float | None
    errors: int
    queries: str
    note: str = ""


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(lines: list[Line]) -> str:
    rows = [
        "| page | visitor | req/s | % of /healthz | p50 ms | p99 ms | errors | queries/request |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for line in lines:
        share = "-" if line.share is None else f"{line.share:.2%}"
        errors = f"{line.errors}" + (f" ({line.note})" if line.note else "")  # a note explains the figures
        rows.append(
            f"| {line.label} | {line.visitor} | {line.rps:,.1f} | {share} | {_ms(line.p50_ms)} | {_ms(line.p99_ms)} "
            f"| {errors} | {line.queries} |"
        )
    return "\n".join(rows)


#: The second measurement of the ceiling, after every other row; shares are of the mean of both.
CEILING_AGAIN = "/healthz (ceiling, again after the rows)"


def _is_ceiling(line: Line) -> bool:
    return line.label.startswith("/healthz")


def targets(lines: list[Line]) -> list[str]:
    """How far each target of the issue is met in this run."""
    pages = [
        line
        for line in lines
        if line.share is not None and line.visitor in ("anonymous", "resident") and not _is_ceiling(line)
    ]

    def share_check(text, chosen, minimum):
        met = [line for line in chosen if line.share >= minimum]
        worst = min(chosen, key=lambda line: line.share, default=None)
        tail = f"; lowest: {worst.label} {worst.share:.2%}" if worst else ""
        return f"{text}: {len(met)} of {len(chosen)} rows{tail}"

    anonymous = [line for line in pages if line.visitor == "anonymous"]
    signed_in = [line for line in pages if line.visitor == "resident" and "programme" not in line.label]
    programme = [line for line in pages if line.visitor == "resident" and "programme" in line.label]
    search = [line for line in pages if "theme search" in line.label or "one theme" in line.label]
    votes = [line for line in lines if line.label == "casting votes"]
    measured = [line for line in lines if not _is_ceiling(line)]  # pages and writes

    def too_slow(line):
        limit = 600 if "programme" in line.label and line.visitor == "resident" else 250
        return line.p99_ms is None or line.p99_ms >= limit

    slow = [line for line in measured if too_slow(line)]
    slow_text = "; over it: " + ", ".join(f"{line.label} ({line.visitor}) {_ms(line.p99_ms)} ms" for line in slow)
    return [
        share_check("every page ≥ 25 % of /healthz anonymous", anonymous, 0.25),
        share_check("every page ≥ 5 % of /healthz signed in", signed_in, 0.05),
        share_check("programme ≥ 2 % signed in", programme, 0.02),
        share_check("theme search and theme page ≥ 5 %", search, 0.05),
        share_check("casting votes ≥ 4 %", votes, 0.04),
        f"p99 < 250 ms (600 ms programme signed in): {len(measured) - len(slow)} of {len(measured)} rows"
        + (slow_text if slow else ""),
    ]


#: The rows whose speed must not depend on the number of themes.
SCALE_FREE = ("theme search", "one theme")


def shares_in_section(text: str, name: str) -> dict[tuple[str, str], float]:
    """(page, visitor) -> share of /healthz, read from the table of section ``name`` of the results file."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        return {}
    shares = {}
    for row in text.split(start, 1)[1].split(end, 1)[0].splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[3].endswith("%"):
            try:
                shares[(cells[0], cells[1])] = float(cells[3].rstrip("%").replace(",", "")) / 100
            except ValueError:
                continue
    return shares


def scale_comparison(mine: dict, scale: str, other_scale: str, other: dict) -> list[str]:
    """Theme search and the theme page as a share of /healthz at this scale and at the other one.

    ``mine`` and ``other`` map (page, visitor) to the share of /healthz (``shares_in_section``).
    """
    if not other:
        return [f"scale {other_scale}: not measured yet (`BENCH_SCALE={other_scale} make bench`), nothing to compare"]
    texts = []
    for (label, visitor), share in mine.items():
        if not label.startswith(SCALE_FREE) or share is None or (label, visitor) not in other:
            continue
        theirs = other[(label, visitor)]
        small, large = (share, theirs) if scale == "0.1" else (theirs, share)
        ratio = large / small if small else 0.0
        verdict = "within 20 %" if abs(ratio - 1) <= 0.20 else "NOT within 20 %"
        texts.append(
            f"{label} ({visitor}): {small:.2%} at scale 0.1, {large:.2%} at scale 1 "
            f"(scale 1 / scale 0.1 = {ratio:.2f}, {verdict})"
        )
    return texts or [NOTHING_TO_COMPARE]


NOTHING_TO_COMPARE = "no theme rows in both runs"


def _is_comparison(line: str) -> bool:
    """A line ``scale_comparison`` wrote into a section."""
    return line.startswith("- ") and (
        "(scale 1 / scale 0.1 = " in line or "not measured yet (`BENCH_SCALE=" in line or NOTHING_TO_COMPARE in line
    )


def compare_scales(path: Path, scale: str) -> None:
    """Write the theme rows' comparison into both scales' sections: the one just written and the other.

    Each section ends with the comparison; a new run at one scale changes what the other one says too.
    """
    if scale not in ("0.1", "1") or not path.exists():
        return
    other_scale = "1" if scale == "0.1" else "0.1"
    text = path.read_text(encoding="utf-8")
    mine, other = (shares_in_section(text, f"bench scale {s}") for s in (scale, other_scale))
    for name, texts in (
        (scale, scale_comparison(mine, scale, other_scale, other)),
        (other_scale, scale_comparison(other, other_scale, scale, mine) if other else None),
    ):
        start, end = f"<!-- bench scale {name}:start -->", f"<!-- bench scale {name}:end -->"
        if texts is None or start not in text or end not in text:
            continue
        before, rest = text.split(start, 1)
        body, after = rest.split(end, 1)
        kept = [line for line in body.strip("\n").splitlines() if not _is_comparison(line)]
        while kept and not kept[-1].strip():
            kept.pop()
        block = "\n".join([*kept, *(f"- {line}" for line in texts)])
        text = f"{before}{start}\n{block}\n{end}{after}"
    path.write_text(text, encoding="utf-8")


def machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), load average before the run {load}; "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from the PATH
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=False,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def now() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")


def write_section(path: Path, name: str, body: str) -> None:
    """Replace the section ``name`` of the results file (or add it), keeping the others."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def stamp() -> str:
    return datetime.now().astimezone().isoformat(timespec="minutes")
