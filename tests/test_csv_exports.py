"""Every CSV export of the portal goes through the one helper and makes formula cells inert.

Each dangerous first character (``=``, ``+``, ``-``, ``@``, tab, carriage return) is put in the data
behind every real export view, e-mail addresses included, and read back from the downloaded file:
the cell must start with the leading quote that makes a spreadsheet show it as text.
"""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from conference import services
from conference.csv_export import FORMULA_STARTS
from conference.models import EvaluationAnswer, EvaluationResponse
from tests.conference.factories import SessionFactory
from tests.factories import EditionFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory, VotingRoundFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory
from themes import services as theme_services
from workgroups.models import ProgressReport

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = pytest.mark.parametrize(
    "prefix", ["=", "+", "-", "@", "\t", "\r"], ids=["eq", "plus", "minus", "at", "tab", "cr"]
)


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _assert_inert(rows):
    """No cell of the file starts a formula (the leading quote comes first)."""
    dangerous = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert dangerous == []


@PREFIXES
def test_registrations_export_escapes_names_organisations_sessions_and_email(coordinator_client, prefix):
    edition = EditionFactory()
    user = UserFactory(display_name=f"{prefix}Naam", email=f"{prefix}cmd@x.nl")
    MembershipFactory(user=user, organisation=OrganisationFactory(name=f"{prefix}Organisatie"))
    session = SessionFactory(conference=edition, title=f"{prefix}SUM(A1:A9)")
    services.register(conference=edition, user=user, sessions=[session])

    rows = _rows(coordinator_client.get(reverse("conference:manage_registrations_csv", args=[edition.slug])))

    assert rows[1] == [
        f"'{prefix}Naam",
        f"'{prefix}Organisatie",
        f"'{prefix}SUM(A1:A9)",
        "Aangemeld",
        f"'{prefix}cmd@x.nl",
    ]
    _assert_inert(rows)


def test_registrations_export_escapes_an_email_that_starts_with_at(coordinator_client):
    edition = EditionFactory()
    services.register(conference=edition, user=UserFactory(display_name="Gewoon", email="@foo"))

    rows = _rows(coordinator_client.get(reverse("conference:manage_registrations_csv", args=[edition.slug])))

    assert rows[1][-1] == "'@foo"


@PREFIXES
def test_evaluation_export_escapes_questions_and_answers(coordinator_client, prefix):
    evaluation = services.save_evaluation(
        conference=EditionFactory(), introduction="", questions=["Wat ging goed?"], is_open=True
    )
    question = evaluation.questions.get()
    question.text = f"{prefix}Vraag"  # stored as is: the service would strip a leading tab
    question.save()
    response = EvaluationResponse.objects.create(evaluation=evaluation, respondent=UserFactory(), rating=4)
    EvaluationAnswer.objects.create(response=response, question=question, text=f'{prefix}HYPERLINK("x")')

    rows = _rows(coordinator_client.get(reverse("conference:manage_evaluation_csv", args=[evaluation.conference.slug])))

    assert rows == [["Cijfer", f"'{prefix}Vraag"], ["4", f'\'{prefix}HYPERLINK("x")']]


@PREFIXES
def test_voting_results_export_escapes_titles_target_groups_and_organisations(client, prefix):
    now = timezone.now()
    round_ = VotingRoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    theme = ThemeFactory(
        conference=round_.conference,
        title=f"{prefix}Titel",
        target_group=f"{prefix}doelgroep",
        organisation=OrganisationFactory(name=f"{prefix}Org"),
    )
    VoteFactory(ballot=BallotFactory(round=round_), theme=theme, slot=1)
    theme_services.publish_results(round_=round_)

    rows = _rows(client.get(reverse("themes:export_csv", args=[round_.pk])))

    assert rows[1][2:5] == [f"'{prefix}Titel", f"'{prefix}doelgroep", f"'{prefix}Org"]
    _assert_inert(rows)


@PREFIXES
def test_reports_export_escapes_workgroup_and_report_texts(coordinator_client, prefix):
    report = ProgressReportFactory(
        workgroup=WorkgroupFactory(name=f"{prefix}Werkgroep"),
        status=ProgressReport.Status.SUBMITTED,
        summary=f"{prefix}Samenvatting",
        achievements=f"{prefix}Bereikt",
    )

    rows = _rows(coordinator_client.get(reverse("workgroups:reports_csv"), {"editie": report.conference.slug}))

    header, line = rows
    cells = dict(zip(header, line, strict=True))
    assert (cells["Werkgroep"], cells["Samenvatting"], cells["Wat is bereikt"]) == (
        f"'{prefix}Werkgroep",
        f"'{prefix}Samenvatting",
        f"'{prefix}Bereikt",
    )
    _assert_inert(rows)


def test_no_module_writes_csv_but_the_one_helper():
    """A new export must use ``conference.csv_export.csv_response``, not a csv writer of its own."""
    own = re.compile(r"^\s*(import csv|from csv import)|text/csv", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("conference", "themes", "workgroups")
        for path in (ROOT / app).rglob("*.py")
        if path.name != "csv_export.py" and own.search(path.read_text())
    ]

    assert offenders == []
