"""Views never write a model themselves: every write goes through a service function.

A small AST check over every ``*/views/*.py`` and ``*/views.py`` of the apps. It flags a call of
a method that writes (``.save()``, ``.delete()``, ``.create()``, ``.update()``, ``bulk_create``,
``get_or_create``, ``update_or_create``, ...) unless its receiver is one of the plain
dictionaries views build (see ``DICT_RECEIVERS``). ``make lint`` runs this file.

Run it alone: ``DEBUG=true .venv/bin/python -m pytest -q tests/test_architecture.py``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("conference", "themes", "workgroups")

#: Methods that write to the database when called on a model, a queryset or a manager.
WRITE_METHODS = frozenset(
    {
        "save",
        "delete",
        "create",
        "update",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
        "save_m2m",
    }
)

#: Names views use for plain dictionaries (and QueryDicts they copied): ``.update()`` on these
#: merges keys, it writes nothing. Add a name here only for a dict, never for a model or queryset.
DICT_RECEIVERS = frozenset(
    {
        "context",  # the template context a view builds
        "data",  # a copy of request.POST with rows added (workgroups.views.workgroups)
        "initial",  # a form's starting values
        "kwargs",  # keyword arguments passed on
        "params",  # query-string parameters
        "values",  # a dict of typed values
        "extra",  # extra template values
    }
)


def view_files() -> list[Path]:
    files = []
    for app in APPS:
        files += sorted((ROOT / app / "views").glob("*.py"))
        single = ROOT / app / "views.py"
        if single.exists():
            files.append(single)
    return files


def _receiver_name(node: ast.expr) -> str | None:
    """The plain name a method is called on (``context`` in ``context.update``), else None."""
    return node.id if isinstance(node, ast.Name) else None


def direct_writes(source: str, filename: str = "<source>") -> list[str]:
    """Every call in ``source`` that looks like a model write: ``file:line: receiver.method()``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in WRITE_METHODS:
            continue
        receiver = node.func.value
        if isinstance(receiver, ast.Dict | ast.DictComp):
            continue  # {...}.update(): a literal dictionary
        if method == "update" and _receiver_name(receiver) in DICT_RECEIVERS:
            continue
        found.append(f"{filename}:{node.lineno}: {ast.unparse(node.func)}()")
    return found


def test_there_are_views_to_check():
    names = {path.relative_to(ROOT).as_posix() for path in view_files()}
    assert "conference/views/manage_editions.py" in names
    assert "themes/views/browse.py" in names
    assert "workgroups/views/reports.py" in names


def test_no_view_writes_a_model_directly():
    found = []
    for path in view_files():
        found += direct_writes(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert found == [], "Views must call a service for every write:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "form.save()",
        "table = form.save(commit=False)",
        "recap.save(update_fields=['title'])",
        "session.delete()",
        "Theme.objects.create(title='x')",
        "Theme.objects.filter(pk=1).update(status='chosen')",
        "edition.sessions.all().delete()",
        "Vote.objects.bulk_create([])",
        "Vote.objects.get_or_create(pk=1)",
        "Vote.objects.update_or_create(pk=1)",
        "overview.update(is_published=True)",
    ],
)
def test_a_planted_write_is_found(line):
    source = f"def view(request):\n    {line}\n    return None\n"

    found = direct_writes(source, "planted.py")

    assert len(found) == 1
    assert found[0].startswith("planted.py:2: ")


@pytest.mark.parametrize(
    "line",
    [
        "context.update(form=form)",
        "data.update({'members-TOTAL_FORMS': '0'})",
        "{'a': 1}.update(b=2)",
        "services.save_edition(edition=edition)",
        "services.delete_session(session=session)",
        "messages.success(request, 'ok')",
    ],
)
def test_dictionaries_and_services_are_not_flagged(line):
    assert direct_writes(f"def view(request):\n    {line}\n") == []
