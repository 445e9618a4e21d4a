#!/usr/bin/env python3
"""Break template lines longer than 120 characters without changing what a page shows.

Not a formatter: it touches only the lines that are too long and breaks them only where a line break is
invisible to the reader and to gettext:
- at a single space in text or between the attributes of a tag (never inside quotes or inside a
  {% tag %} / {{ variable }}; inside {% blocktranslate %} only when it is ``trimmed``, so msgids stay the same);
- right before or after a block-level HTML tag (<p>, <li>, <td>, ...), outside {% blocktranslate %}.
A line it cannot break (one long {% translate "..." %}) is listed so a person can fix it by hand.

Usage: .ci/wrap_template_lines.py [--check] [FILE ...]   (default: every */templates/**/*.html)
"""

import re
import sys
from pathlib import Path

LIMIT = 120
_BLOCK_NAMES = (
    "address article aside caption dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6"
    " header hr legend li main nav ol p section summary table tbody td tfoot th thead tr ul"
)
BLOCK_TAGS = frozenset(_BLOCK_NAMES.split())
RAW_TAGS = ("pre", "textarea", "script", "style")
VOID_TAGS = ("br", "img", "input", "hr", "meta", "link", "source", "wbr")
TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
#: Template tags that print nothing: a line break next to them shows only if the text around it is bare.
SILENT = {"if", "elif", "else", "endif", "with", "endwith", "load"}
SILENT_AS = re.compile(r"\sas(var)?\s+\w+$")


def _silent(content: list[str]) -> bool:
    if not content or content[0] in ("blocktranslate", "blocktrans"):
        return False
    return content[0] in SILENT or bool(SILENT_AS.search(" " + " ".join(content)))


def _between_tags(text: str, tags: dict[int, tuple[int, bool, str]], blocks: set[int]) -> set[int]:
    """Places between two template tags where a line break is invisible: next to whitespace or a block tag.

    Looking right past {% if %} means looking at the start of every branch (and past the {% endif %} when
    there is no {% else %}); right past {% else %} or {% elif %} means past the {% endif %}. Looking left past
    {% if %}, {% elif %} or {% else %} means looking before the {% if %}. Past {% endif %} to the left is unsafe.
    """
    ends = {end: start for start, (end, _quiet, _word) in tags.items()}
    after_endif: dict[int, int] = {}  # start of if/elif/else -> end of its endif
    branches: dict[int, list[int]] = {}  # start of if -> where each way through it goes on (branch starts, or endif)
    before_if: dict[int, int] = {}  # end of if/elif/else -> start of its if
    stack: list[list[int]] = []
    for start in sorted(tags):
        end, _quiet, word = tags[start]
        if word == "if":
            stack.append([start])
        elif word in ("elif", "else") and stack:
            stack[-1].append(start)
        elif word == "endif" and stack:
            group = stack.pop()
            for member in group:
                after_endif[member] = end
                before_if[tags[member][0]] = group[0]
            has_else = any(tags[member][2] == "else" for member in group)
            branches[group[0]] = [tags[member][0] for member in group] + ([] if has_else else [end])

    def left_safe(j: int) -> bool:
        while j > 0:
            if text[j - 1] in " \n":
                return True
            if j in before_if:
                j = before_if[j]
                continue
            if j in ends and tags[ends[j]][1] and tags[ends[j]][2] != "endif":
                j = ends[j]
                continue
            return j in blocks
        return False

    def right_safe(j: int) -> bool:
        while j < len(text):
            if text[j] in " \n":
                return True
            if j in after_endif and tags[j][2] in ("elif", "else"):
                j = after_endif[j]
                continue
            if j in branches:  # the text after an {% if %} is whichever branch runs, or what follows the endif
                return all(right_safe(way) for way in branches[j])
            if j in tags and tags[j][1]:
                j = tags[j][0]
                continue
            return j in blocks
        return False

    edges = set(ends) | set(tags)
    return {p for p in edges if 0 < p < len(text) and (left_safe(p) or right_safe(p))}


def _scan(text: str) -> tuple[set[int], set[int]]:
    """Positions where a space may become a line break, and positions where a line break may be inserted."""
    spaces: set[int] = set()
    inserts: set[int] = set()
    i, n = 0, len(text)
    in_tag = False  # inside <name ... >
    quote = ""  # inside a quoted attribute value
    blocktrans = ""  # "", "trimmed" or "plain"
    comment = False  # inside {% comment %}
    raw = ""  # inside <pre>/<textarea>/...
    tag_is_block = tag_opens = False
    tag_start = 0
    name_here = ""
    inline_starts: list[tuple[int, int]] = []  # (start, end) of inline start tags such as <a ...>
    tags: dict[int, tuple[int, bool, str]] = {}  # template tags in text: start -> (end, silent, name)
    attribute_tags: set[int] = set()  # ends of template tags between the attributes of an HTML tag
    in_title = False  # inside {% block title %}: the browser trims and collapses the whitespace of a <title>
    title_ends: set[int] = set()
    while i < n:
        if text.startswith("{#", i):
            end = text.find("#}", i)
            i = n if end < 0 else end + 2
            continue
        if text.startswith("{%", i) or text.startswith("{{", i):
            closer = "%}" if text[i + 1] == "%" else "}}"
            end = text.find(closer, i)
            end = n if end < 0 else end + 2
            content = text[i + 2 : end - 2].split()
            word = content[0] if content else ""
            closing = word in ("endblocktranslate", "endblocktrans")
            outside = not (comment or raw or quote or (blocktrans and not closing))
            if word in ("blocktranslate", "blocktrans"):
                blocktrans = "trimmed" if "trimmed" in content else "plain"
            elif word in ("endblocktranslate", "endblocktrans"):
                blocktrans = ""
            elif word == "comment":
                comment = True
            elif word == "endcomment":
                comment = False
            if content[:2] == ["block", "title"]:
                in_title = True
            elif word == "endblock" and in_title:
                in_title = False
                title_ends.add(i)
            if in_title and not blocktrans:
                title_ends.add(end)
            if outside:
                if in_tag:
                    attribute_tags.add(i)
                    attribute_tags.add(end)
                else:
                    tags[i] = (end, _silent(content), word)
            i = end
            continue
        char = text[i]
        if comment:
            if char == " " and text[i - 1] != " " and text[i + 1 : i + 2] not in (" ", "\n"):
                spaces.add(i)
            i += 1
            continue
        if raw:
            if text.startswith(f"</{raw}", i):
                raw = ""
            i += 1
            continue
        if in_tag:
            if quote:
                if char == quote:
                    quote = ""
                elif char == " " and blocktrans == "trimmed" and text[i - 1] != " " and text[i + 1] not in " \n":
                    spaces.add(i)
            elif char in "\"'":
                quote = char
            elif char == ">":
                in_tag = False
                if tag_is_block and not blocktrans:
                    inserts.add(i + 1)
                elif name_here == "br" and not blocktrans:
                    inserts.add(i + 1)  # the line after a <br> starts without its leading whitespace
                elif tag_opens and not blocktrans:
                    inline_starts.append((tag_start, i + 1))
            elif char == " " and blocktrans != "plain" and text[i - 1] != " " and text[i + 1] not in " >/\n":
                spaces.add(i)
            i += 1
            continue
        if char == "<" and text.startswith("{%", i + 1):  # <{% if %}a ...{% else %}button{% endif %} ...>
            in_tag, tag_is_block, tag_opens = True, False, False
            i += 1
            continue
        if char == "<":
            match = TAG_NAME.match(text, i)
            if match:
                name = match.group(1).lower()
                closing = match.group(0).startswith("</")
                name_here = name
                # before <script> and after </script> a break is as invisible as next to a block (never inside it)
                in_tag, tag_is_block = True, name in BLOCK_TAGS or (name == "script" and closing)
                if name == "script" and not closing and not blocktrans:
                    inserts.add(i)
                tag_start, tag_opens = i, not match.group(0).startswith("</") and name not in VOID_TAGS + RAW_TAGS
                if tag_is_block and not blocktrans:
                    inserts.add(i)
                if name in RAW_TAGS and not match.group(0).startswith("</"):
                    raw = name
                i = match.end()
                continue
        if (
            char == " "
            and blocktrans != "plain"
            and text[i - 1] not in " \n"
            and text[i + 1 : i + 2] not in (" ", "\n")
        ):
            spaces.add(i)
        i += 1
    inserts |= _between_tags(text, tags, inserts)
    # " <a>" + line break: the break joins the whitespace (or block edge) before the link
    inserts |= {end for start, end in inline_starts if text[start - 1] in " \n" or start in inserts}
    inserts |= {p for p in title_ends if text[p - 2 : p] == "%}" and text[p : p + 2] == "{%"}
    inserts |= {p for p in attribute_tags if text[p - 2 : p] == "%}" and text[p : p + 2] == "{%"}
    return spaces, inserts


#: A plain {% translate "..." %} of a long text: as {% blocktranslate trimmed %} it has the same msgid and output,
#: and its text can be broken over lines.
LONG_TRANSLATE = re.compile(r"""{% translate (["'])([^"'%{}<>&\\]{40,})\1 %}""")


def _as_blocktranslate(text: str, numbers: list[int]) -> str:
    lines = text.split("\n")
    for number in numbers:
        line = lines[number - 1]
        lines[number - 1] = LONG_TRANSLATE.sub(r"{% blocktranslate trimmed %}\2{% endblocktranslate %}", line)
    return "\n".join(lines)


def wrap(text: str) -> tuple[str, list[int]]:
    """The text with its long lines broken, and the numbers of the lines that stay too long."""
    _wrapped, stuck = _wrap(text)
    return _wrap(_as_blocktranslate(text, stuck)) if stuck else (_wrapped, stuck)


def _wrap(text: str) -> tuple[str, list[int]]:
    spaces, inserts = _scan(text)
    out: list[str] = []
    stuck: list[int] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        line_start = offset
        offset += len(line) + 1
        if len(line) <= LIMIT:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        pieces, prefix, rest, rest_start = [], "", line, line_start
        while len(prefix) + len(rest) > LIMIT:
            first = len(indent) if not prefix else 0
            cuts = sorted(
                p - rest_start
                for p in spaces | inserts
                if rest_start + first < p < rest_start + len(rest)
                and rest[: p - rest_start].strip()
                and rest[p - rest_start :].strip()
            )
            fitting = [c for c in cuts if len(prefix) + c <= LIMIT]
            if not cuts:
                break
            cut = fitting[-1] if fitting else cuts[0]
            skip = 1 if rest_start + cut in spaces and rest_start + cut not in inserts else 0
            piece = prefix + rest[:cut]
            pieces.append(piece.rstrip(" ") if not skip and piece.strip() else piece)  # no space before the break
            rest, rest_start = rest[cut + skip :], rest_start + cut + skip
            prefix = indent + "  "
        pieces.append(prefix + rest)
        if any(len(piece) > LIMIT for piece in pieces):
            stuck.append(number)
        out.extend(pieces)
    return "\n".join(out), stuck


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not files:
        root = Path(__file__).resolve().parents[1]
        skip = {".venv", "staticfiles", "node_modules"}
        files = sorted(p for p in root.glob("**/templates/**/*.html") if not skip & set(p.parts))
    changed, problems = [], []
    for path in files:
        text = path.read_text()
        new, stuck = wrap(text)
        problems += [f"{path}:{number}" for number in stuck]
        if new != text:
            changed.append(str(path))
            if not check:
                path.write_text(new)
    for name in changed:
        print(("would wrap " if check else "wrapped ") + name)
    for problem in problems:
        print(f"still over {LIMIT} characters: {problem}")
    return 1 if problems or (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
