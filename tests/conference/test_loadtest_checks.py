"""The checks of ``make loadtest`` (conference/loadtest.py) and the worker's recovery after an outage.

The load test itself runs outside ``make test`` (it needs a PostgreSQL cluster of its own and
minutes); here its verdicts are tested on logs and stored rows that are right and wrong.
"""

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conference.loadtest import Record, check_capacity, check_registrations, check_votes
from conference.management.commands.db_worker import ResilientWorker
from conference.tasks import send_email


def _vote(resident, theme, outcome):
    return Record(started=0, ended=0.1, kind="vote", status=200, outcome=outcome, resident=resident, target=theme)


def _registration(resident, edition, outcome):
    status = {"success": 302, "refused": 200, "error": 500}[outcome]
    return Record(
        started=0, ended=0.1, kind="register", status=status, outcome=outcome, resident=resident, target=edition
    )


def test_votes_that_match_the_answers_pass():
    records = [_vote(1, 10, "success"), _vote(1, 11, "success"), _vote(1, 12, "refused"), _vote(2, 10, "error")]

    assert check_votes(records, votes_by_resident={1: [10, 11], 2: [10]}, budget=3) == []
    assert check_votes(records, votes_by_resident={1: [10, 11]}, budget=3) == []  # the unanswered one may be missing


def test_a_lost_vote_a_refused_vote_that_exists_and_an_exceeded_budget_are_found():
    records = [_vote(1, 10, "success"), _vote(1, 11, "refused"), _vote(2, 10, "success"), _vote(2, 11, "success")]

    problems = check_votes(records, votes_by_resident={1: [11], 2: [10, 11, 12]}, budget=2)

    assert problems == [
        "resident 1: votes answered with success are missing: [10]",
        "resident 1: refused votes exist: [11]",
        "resident 2: votes nobody was told about: [12]",
        "resident 2: 3 votes, over the budget of 2",
    ]


def test_a_double_vote_is_found():
    assert check_votes([_vote(1, 10, "success")], votes_by_resident={1: [10, 10]}, budget=3) == [
        "resident 1: a theme has more than one vote: [10, 10]"
    ]


def test_registrations_that_match_the_answers_pass():
    records = [_registration(1, 5, "success"), _registration(1, 5, "refused"), _registration(2, 4, "refused")]

    assert check_registrations(records, registrations={(1, 5): ["waitlisted"]}, open_edition=5) == []


def test_a_lost_or_doubled_registration_and_one_for_a_closed_edition_are_found():
    records = [_registration(1, 5, "success"), _registration(2, 5, "success"), _registration(3, 4, "refused")]
    stored = {(2, 5): ["confirmed", "confirmed"], (3, 4): ["confirmed"]}

    problems = check_registrations(records, registrations=stored, open_edition=5)

    assert problems == [
        "registration (1, 5) answered with success, stored as []",
        "registration (2, 5) answered with success, stored as ['confirmed', 'confirmed']",
        "registration (3, 4) was refused but exists: ['confirmed']",
        "registration (3, 4) exists (['confirmed']) without a successful answer",
        "registration (3, 4) for an edition whose registration is closed",
    ]


def test_capacity_may_be_full_but_never_exceeded_and_nobody_waits_for_a_free_seat():
    assert check_capacity("edition", capacity=10, confirmed=10, waiting=4) == []
    assert check_capacity("edition", capacity=10, confirmed=11, waiting=0) == ["edition: 11 confirmed, capacity 10"]
    free_seats = ["session: 1 waiting while 2 seats are free"]
    assert check_capacity("session", capacity=10, confirmed=8, waiting=1) == free_seats


@pytest.mark.django_db
def test_worker_puts_its_own_interrupted_task_back_in_the_queue_and_leaves_others_alone():
    worker = ResilientWorker(
        queue_names=["default"], interval=1, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="worker-a", excluded_queue_names=[],
    )  # fmt: skip
    mine = DBTaskResult.objects.get(pk=send_email.enqueue(1).id)
    other = DBTaskResult.objects.get(pk=send_email.enqueue(2).id)
    for result, worker_id in ((mine, "worker-a"), (other, "worker-b")):
        result.claim(worker_id)
    finished = DBTaskResult.objects.get(pk=send_email.enqueue(3).id)
    finished.claim("worker-a")
    finished.set_successful("sent")

    worker.requeue_interrupted()

    assert DBTaskResult.objects.get(pk=mine.pk).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=other.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=finished.pk).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=mine.pk).started_at is None
    assert DBTaskResult.objects.ready().filter(pk=mine.pk).exists()
