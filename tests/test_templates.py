"""Checks on the template sources that hold for every page, whatever data it shows.

Naming convention for partials (a piece of a page that other templates include or a view renders alone):
- a partial of one app is a file ``<app>/templates/<app>/partials/<name>.html`` (or, for the coordinator pages,
  ``<app>/templates/<app>/manage/partials/<name>.html``); a partial the whole site shares is
  ``templates/components/<name>.html``;
- ``<name>`` is snake_case, without a leading underscore: the folder already says it is a partial;
- ``{% include %}`` names only such files; a panel (``panels/``) is rendered by the panels registry, not included;
- a fragment defined inside its page with ``{% partialdef %}`` has a snake_case name (``{% partialdef ballot %}``,
  rendered as ``"themes/round_detail.html#ballot"``).
E-mail templates (``email/``) belong to the mail pipeline and follow its own layout.
"""

import importlib.util
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


SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")  # 404.html too
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
PARTIALDEF = re.compile(r"{%\s*partialdef\s+(\S+)")
PARTIAL_PLACES = re.compile(r"^(components/|[a-z_]+/(manage/)?partials/)")


def _relative(path: Path) -> str:
    """The name a template is loaded by: the part after its templates/ folder."""
    parts = path.parts
    return "/".join(parts[len(parts) - parts[::-1].index("templates") :])


def _naming_problems(paths) -> list[str]:
    problems = []
    for path in paths:
        name = _relative(path)
        if "/email/" in f"/{name}":
            continue
        if not FILE_NAME.match(path.stem):
            problems.append(f"{name}: file name is not snake_case")
        if PARTIAL_PLACES.match(name) is None and path.parent.name == "partials":
            problems.append(f"{name}: partials folder in the wrong place")
        source = path.read_text()
        problems += [
            f"{name}: includes {target}, which is not in partials/ or components/"
            for target in INCLUDE.findall(source)
            if not PARTIAL_PLACES.match(target)
        ]
        problems += [
            f"{name}: partialdef {partial} is not snake_case"
            for partial in PARTIALDEF.findall(source)
            if not SNAKE.match(partial)
        ]
    return problems


def test_the_naming_check_sees_an_odd_partial(tmp_path):
    folder = tmp_path / "demo" / "templates" / "demo"
    (folder / "partials").mkdir(parents=True)
    odd = folder / "_row.html"
    odd.write_text("")
    page = folder / "page.html"
    page.write_text('{% include "demo/_row.html" %}{% partialdef member-row %}{% endpartialdef %}')
    good = folder / "partials" / "row.html"
    good.write_text('{% include "components/empty.html" %}{% partialdef member_row %}{% endpartialdef %}')

    assert _naming_problems([odd, page, good]) == [
        "demo/_row.html: file name is not snake_case",
        "demo/page.html: includes demo/_row.html, which is not in partials/ or components/",
        "demo/page.html: partialdef member-row is not snake_case",
    ]


def test_partials_follow_one_naming_convention():
    assert _naming_problems(TEMPLATES) == []


#: Long lines that predate the limit, per template. A file not listed may have none; a listed one no more.
def _long_lines(path: Path) -> list[int]:
    return [number for number, line in enumerate(path.read_text().splitlines(), 1) if len(line) > 120]


def test_the_line_check_sees_a_long_line(tmp_path):
    template = tmp_path / "long.html"
    template.write_text("<p>short</p>\n<p>" + "x" * 120 + "</p>\n")
    assert _long_lines(template) == [2]


def test_no_template_has_lines_longer_than_120_characters():
    """ruff's limit for Python holds for templates too."""
    too_long = {str(path.relative_to(ROOT)): _long_lines(path) for path in TEMPLATES if _long_lines(path)}

    assert too_long == {}, "lines over 120 characters (run .ci/wrap_template_lines.py on the file)"


def _wrapper():
    spec = importlib.util.spec_from_file_location("wrap_template_lines", ROOT / ".ci" / "wrap_template_lines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_wrapper_breaks_only_where_a_break_is_invisible():
    cell = "<td>{{ row.name }}</td>"
    words = " ".join(["woord"] * 30)
    long_lines = (
        f"<tr>{cell * 8}</tr>\n"  # between table cells
        f"<p>{{% blocktranslate trimmed %}}{words}{{% endblocktranslate %}}</p>\n"  # at spaces of a trimmed text
        f"<p>{{% blocktranslate %}}{words}{{% endblocktranslate %}}</p>\n"  # never inside a plain blocktranslate
        f"<span>{{{{ a }}}}{{% if b %}},{{% endif %}}{'{{ c }}' * 20}</span>\n"  # never between bare text and a tag
    )

    wrapped, stuck = _wrapper().wrap(long_lines)

    lines = wrapped.splitlines()
    assert stuck == [3, 4]  # the lines it had to leave long, for a person to fix
    assert lines[1] == f"  {cell * 3}</tr>"
    assert " ".join(line.strip() for line in lines[2:4]).count(f"{{% blocktranslate trimmed %}}{words}") == 1
    assert f"{{% blocktranslate %}}{words}{{% endblocktranslate %}}" in wrapped
    assert "{{ a }}{% if b %},{% endif %}{{ c }}" in wrapped
