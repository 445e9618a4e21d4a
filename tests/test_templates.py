"""Checks on the template sources that hold for every page, whatever data it shows."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(
    p for p in ROOT.glob("**/templates/**/*.html") if not {".venv", "staticfiles", "node_modules"} & set(p.parts)
)
#: The tag right before a table: a region a keyboard user can focus and scroll on a narrow phone.
SCROLL_REGION = re.compile(r"<div\b[^>]*>\s*$")


def _wide_table_problems(path: Path) -> list[str]:
    source = path.read_text()
    problems = []
    for match in re.finditer(r"<table\b", source):
        before = SCROLL_REGION.search(source[: match.start()])
        wrapper = before.group(0) if before else ""
        if not all(part in wrapper for part in ('tabindex="0"', 'role="region"', "aria-label=")):
            line = source.count("\n", 0, match.start()) + 1
            problems.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line}")
    return problems


def test_the_template_check_sees_an_unwrapped_table(tmp_path):
    bare = tmp_path / "bare.html"
    bare.write_text('<div class="table-responsive">\n<table></table></div>')
    wrapped = tmp_path / "wrapped.html"
    wrapped.write_text('<div tabindex="0" role="region" aria-label="X">\n  <table></table></div>')

    assert [_wide_table_problems(bare), _wide_table_problems(wrapped)] == [["bare.html:2"], []]


def test_every_table_scrolls_by_keyboard_on_a_phone():
    """axe's scrollable-region-focusable: a table wider than 360 px sits in a focusable, named region."""
    assert TEMPLATES, "no templates found"

    problems = [problem for path in TEMPLATES for problem in _wide_table_problems(path)]

    assert problems == []
