from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from conference import services
from conference.models import (
    Edition,
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    Outcome,
    OutgoingEmail,
    Registration,
    TableSheetPhoto,
    User,
)
from tests.conference.factories import OutcomeFactory, SessionFactory, TableTalkFactory
from tests.factories import EditionFactory, OrganisationFactory, PartnerFactory, UserFactory
from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory, VotingRoundFactory
from tests.workgroups.factories import CommitmentFactory, ProgressReportFactory, WorkgroupFactory
from workgroups.models import ProgressReport, WorkgroupMembership

#: Secrets that must never appear in an export.
TOTP_SECRET = "JBSWY3DPEHPK3PXPGEHEIMSECRET"
RECOVERY_SEED = "recovery-seed-never-exported"


@dataclass
class People:
    """Sanne has something of every kind; Piet has the same kinds, to prove Sanne's export holds none of his."""

    sanne: User
    piet: User
    waiter: User  # on the waiting list of the full edition Sanne has a place at
    veteran: User  # joined Sanne's workgroup before her: takes over the lead
    coming: Edition  # full (capacity 1), Sanne has the place
    past: Edition
    round_: object  # closed voting round with published results, Sanne and Piet voted
    led_alone: object  # a workgroup Sanne leads alone
    workgroup: object
    theme: object
    report: object
    table: object
    outcome: Outcome


def _person_data(user: User, *, past: Edition, round_, theme_title: str, text: str):
    """One of each kind of thing a person can leave in the portal (except the registrations, see below)."""
    theme = ThemeFactory(conference=round_.conference, submitted_by=user, title=theme_title)
    ballot = BallotFactory(round=round_, voter=user)
    VoteFactory(ballot=ballot, theme=theme, slot=1)
    table = TableTalkFactory(conference=past, host=user, title=f"Tafel over ontmoeten {theme_title}")
    outcome = OutcomeFactory(table_talk=table, created_by=user, text=text, status=Outcome.Status.PUBLISHED)
    TableSheetPhoto.objects.create(
        table_talk=table, image=f"tafelvellen/{user.pk}.jpg", thumbnail="t.jpg", width=1, height=1, uploaded_by=user
    )
    evaluation, _created = Evaluation.objects.get_or_create(conference=past, defaults={"is_open": True})
    question, _created = EvaluationQuestion.objects.get_or_create(evaluation=evaluation, text="Wat ging goed?")
    response = EvaluationResponse.objects.create(evaluation=evaluation, respondent=user, rating=4)
    EvaluationAnswer.objects.create(response=response, question=question, text=f"Antwoord van {user.display_name}")
    organisation = user.organisations.first()
    CommitmentFactory(organisation=organisation, conference=past, recorded_by=user, description=f"Inzet {text}")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET, "seed": RECOVERY_SEED}
    )
    OutgoingEmail.objects.create(key=f"test:{user.pk}", to=user.email, subject=f"Bericht voor {user.display_name}")
    Registration.objects.create(conference=past, user=user, status=Registration.Status.CONFIRMED)
    return theme, table, outcome


@pytest.fixture
def people(db):
    now = timezone.now()
    past = EditionFactory(starts_at=now - timedelta(days=60), title="Editie van vorig jaar")
    coming = EditionFactory(capacity=1, title="De komende editie")
    SessionFactory(conference=coming, title="Sessie over zorg")
    round_ = VotingRoundFactory(
        conference=EditionFactory(starts_at=now - timedelta(days=20)),
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=30),
        results_published=True,
        results_published_at=now - timedelta(days=29),
    )
    sanne = PartnerFactory(display_name="Sanne Jansen", email="sanne@example.org")
    piet = PartnerFactory(display_name="Piet Pieters", email="piet@example.org")
    theme, table, outcome = _person_data(sanne, past=past, round_=round_, theme_title="Sanne haar thema", text="Idee S")
    _person_data(piet, past=past, round_=round_, theme_title="Piet zijn thema", text="Idee P")
    # Other voters, so the round's totals are more than Sanne's and Piet's.
    for _ in range(3):
        VoteFactory(ballot=BallotFactory(round=round_), theme=theme, slot=1)

    services.register(conference=coming, user=sanne, sessions=list(coming.sessions.all()))
    waiter = UserFactory(display_name="Wim Wachter")
    services.register(conference=coming, user=waiter)
    veteran = UserFactory(display_name="Vera Veteraan")
    workgroup = WorkgroupFactory(name="Werkgroep Ontmoeten")
    WorkgroupMembership.objects.create(workgroup=workgroup, user=veteran, status="active", role="member")
    WorkgroupMembership.objects.create(workgroup=workgroup, user=sanne, status="active", role="lead")
    WorkgroupMembership.objects.create(workgroup=workgroup, user=piet, status="active", role="member")
    led_alone = WorkgroupFactory(name="Werkgroep Alleen")
    WorkgroupMembership.objects.create(workgroup=led_alone, user=sanne, status="active", role="lead")
    report = ProgressReportFactory(
        workgroup=workgroup, conference=past, author=sanne, status=ProgressReport.Status.PUBLISHED,
        summary="Verslag van Sanne",
    )  # fmt: skip
    report._history_user = sanne
    report.summary = "Verslag van Sanne, bijgewerkt"
    report.save()
    ProgressReportFactory(workgroup=led_alone, conference=past, author=piet, summary="Verslag van Piet")
    return People(
        sanne=sanne, piet=piet, waiter=waiter, veteran=veteran, coming=coming, past=past, round_=round_,
        led_alone=led_alone, workgroup=workgroup, theme=theme, report=report, table=table, outcome=outcome,
    )  # fmt: skip


@pytest.fixture
def organisation(db):
    return OrganisationFactory()
