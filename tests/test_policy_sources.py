"""One permission policy and one fragment protocol, checked on the sources.

Templates compare statuses with the model's own constants (``theme.Status.CHOSEN``), never a
string; nobody re-implements who is a coordinator (``conference.rules.is_coordinator`` and
``coordinators_q`` are the one definition); no script of ours talks to the server itself except
the offline queue of the table sheets: fragments go through htmx.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("conference", "themes", "workgroups", "templates", "static")


def _sources(pattern: str) -> list[Path]:
    return sorted(p for app in APPS for p in (ROOT / app).glob(pattern) if "migrations" not in p.parts)


#: ``x.status == "draft"``: a state written as a string in a template.
STRING_STATE = re.compile(r"\.(status|role|choice_method|mode)\s*(==|!=)\s*[\"']")
#: The coordinator flag read directly instead of through the rule.
COORDINATOR_COPY = re.compile(r"is_superuser|getattr\(\s*\w+,\s*[\"']is_coordinator|\b\w+\.is_coordinator\b")


def _hits(paths: list[Path], pattern: re.Pattern, allowed=()) -> list[str]:
    found = []
    for path in paths:
        relative = str(path.relative_to(ROOT))
        if relative in allowed:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{relative}:{number}")
    return found


@pytest.mark.parametrize(
    ("line", "hit"),
    [
        ('{% if theme.status == "chosen" %}', True),
        ("{% if outcome.status != 'draft' %}", True),
        ("{% if theme.status == theme.Status.CHOSEN %}", False),
    ],
)
def test_the_state_check_sees_a_string(tmp_path, line, hit):
    template = tmp_path / "t.html"
    template.write_text(line)

    assert bool(STRING_STATE.search(template.read_text())) is hit


def test_templates_compare_states_with_the_model_constants():
    templates = _sources("**/templates/**/*.html")
    assert templates

    assert _hits(templates, STRING_STATE) == []


def test_who_is_a_coordinator_is_decided_in_one_place():
    """Models, selectors, services, views and templates ask ``conference.rules``; only the user
    model (the flags themselves), the admin, the demo and the role service touch the flags."""
    allowed = {
        "conference/rules.py",
        "conference/models/users.py",
        "conference/admin.py",
        "conference/demo.py",
        "conference/services.py",  # set_coordinator writes the flag
        "conference/audit_trail.py",  # the audit trail records changes of the flags (who granted a role)
        "conference/personal_data_sections.py",  # the person's data export lists the flags themselves
        "conference/templates/conference/manage/user_list.html",  # the role switch shows the flag itself
    }
    sources = _sources("**/*.py") + _sources("**/templates/**/*.html")

    assert _hits(sources, COORDINATOR_COPY, allowed) == []


def test_only_the_offline_queue_talks_to_the_server_from_our_scripts():
    """Partial updates are htmx attributes and template partials; ``outcomes.js`` keeps its queue."""
    scripts = _sources("**/*.js")
    talking = [str(p.relative_to(ROOT)) for p in scripts if re.search(r"\bfetch\(|XMLHttpRequest", p.read_text())]

    assert talking == ["conference/static/conference/outcomes.js"]


def test_no_template_asks_htmx_to_evaluate_code():
    """The CSP forbids eval: no hx-on handlers, no js: values, no trigger filters in brackets."""
    templates = _sources("**/templates/**/*.html")
    evaluating = re.compile(r"hx-on|hx-vals=[\"']js:|hx-trigger=\"[^\"]*\[")

    assert _hits(templates, evaluating) == []
