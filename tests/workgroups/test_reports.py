import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import PartnerFactory
from tests.workgroups.factories import ProgressReportFactory
from workgroups import services
from workgroups.models import Goal, ProgressReport

pytestmark = pytest.mark.django_db


def rows(prefix, *rows):
    """The POST data of a set of rows (quick wins or next steps), as the form sends it."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def _report_data(edition, goals, **extra):
    data = {
        "conference": edition.pk if edition else "",
        "summary": "We openden de huiskamer.",
        "achievements": "Financieel plan\nGesprekken met instanties",
        "not_achieved": "Opening in 2024 door vertraging.",
        "overall_status": ProgressReport.Overall.DELAYED,
        **rows("quick_wins"),
        **rows("next_steps", {"text": "Vrijwilligers werven"}),
    }
    for goal in goals:
        data |= {
            f"goal_{goal.pk}_status": Goal.Status.IN_PROGRESS,
            f"goal_{goal.pk}_progress": 60,
            f"goal_{goal.pk}_note": "Loopt",
        }
    return data | extra


def _draft(workgroup, edition, author, goals, *, summary):
    """A draft report with the first goal at 30 %."""
    return services.save_report(
        workgroup=workgroup,
        conference=edition,
        author=author,
        summary=summary,
        goal_updates={goals[0].pk: {"status": Goal.Status.IN_PROGRESS, "progress": 30, "note": ""}},
    )


def test_report_create_by_member_saves_draft_with_goal_updates(client, workgroup, member, goals, edition):
    client.force_login(member)

    response = client.post(
        reverse("workgroups:report_create", args=[workgroup.slug]), _report_data(edition, goals, action="save")
    )

    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert report.status == ProgressReport.Status.DRAFT
    assert report.author == member
    assert sorted(u.progress for u in report.goal_updates.all()) == [60, 60]


@pytest.mark.parametrize("who", ["other_partner", "resident", "coordinator"])
def test_report_create_by_non_member_is_forbidden(client, workgroup, lead, edition, who, resident, coordinator):
    users = {"other_partner": PartnerFactory(), "resident": resident, "coordinator": coordinator}
    client.force_login(users[who])

    response = client.post(reverse("workgroups:report_create", args=[workgroup.slug]), _report_data(edition, []))

    assert response.status_code == 403
    assert ProgressReport.objects.count() == 0


def test_report_create_anonymous_goes_to_login(client, workgroup):
    response = client.get(reverse("workgroups:report_create", args=[workgroup.slug]))

    assert response.status_code == 302
    assert response.url.startswith("/account/login/")


def test_report_submit_with_empty_summary_stores_nothing_and_keeps_input(client, workgroup, member, goals, edition):
    client.force_login(member)

    response = client.post(
        reverse("workgroups:report_create", args=[workgroup.slug]),
        _report_data(edition, goals, summary="", action="submit"),
    )

    assert response.status_code == 200
    assert ProgressReport.objects.count() == 0
    assert response.context["form"]["not_achieved"].value() == "Opening in 2024 door vertraging."


def test_submitted_report_is_locked_for_its_author(client, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)
    client.force_login(member)

    response = client.post(
        reverse("workgroups:report_edit", args=[workgroup.slug, report.pk]), _report_data(edition, [])
    )

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.summary == "We hebben veel bereikt."
    with pytest.raises(ValidationError, match="Deze rapportage is ingediend"):
        services.save_report(workgroup=workgroup, conference=edition, author=member, report=report, summary="x")


def test_send_back_reopens_report_for_author(client, coordinator, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)
    client.force_login(coordinator)

    client.post(
        reverse("workgroups:report_send_back", args=[workgroup.slug, report.pk]), {"comment": "Graag aanvullen"}
    )

    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT
    assert report.review_comment == "Graag aanvullen"
    client.force_login(member)
    response = client.post(
        reverse("workgroups:report_edit", args=[workgroup.slug, report.pk]),
        _report_data(edition, [], summary="Aangevuld", action="submit"),
    )
    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.status, report.summary) == (ProgressReport.Status.SUBMITTED, "Aangevuld")


def test_history_records_every_change_after_submission(client, coordinator, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)
    client.force_login(coordinator)

    client.post(
        reverse("workgroups:report_edit", args=[workgroup.slug, report.pk]),
        _report_data(edition, [], summary="Door de regiegroep verbeterd", action="save"),
    )
    client.post(reverse("workgroups:report_publish", args=[workgroup.slug, report.pk]), {"publish": "1"})
    response = client.get(reverse("workgroups:report_history", args=[workgroup.slug, report.pk]))

    records = response.context["records"]
    assert [r.status for r in records] == ["published", "submitted", "submitted"]
    assert records[1].history_user == coordinator
    assert {c["new"] for c in records[1].changes} >= {"Door de regiegroep verbeterd"}


def test_history_is_for_coordinators_only(client, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    client.force_login(member)

    response = client.get(reverse("workgroups:report_history", args=[workgroup.slug, report.pk]))

    assert response.status_code == 403


def test_draft_is_hidden_from_others(client, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    client.force_login(PartnerFactory())

    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.post(reverse("workgroups:report_edit", args=[workgroup.slug, report.pk])).status_code == 404


def test_publish_applies_goal_updates_and_mails_members(
    client, coordinator, workgroup, member, goals, edition, mailoutbox, django_capture_on_commit_callbacks
):
    report = services.save_report(
        workgroup=workgroup,
        conference=edition,
        author=member,
        summary="Klaar",
        goal_updates={goals[0].pk: {"status": Goal.Status.ACHIEVED, "progress": 100, "note": ""}},
    )
    services.submit_report(report=report)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=report)

    goals[0].refresh_from_db()
    assert (goals[0].status, goals[0].progress) == (Goal.Status.ACHIEVED, 100)
    from conference.models import OutgoingEmail

    assert OutgoingEmail.objects.count() == 2  # lead and member


def test_decision_only_by_coordinator(client, coordinator, workgroup, lead, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)
    url = reverse("workgroups:report_decide", args=[workgroup.slug, report.pk])

    statuses = []
    for user in (lead, member, PartnerFactory()):
        client.force_login(user)
        statuses.append(client.post(url, {"decision": "green_light"}).status_code)
    assert statuses == [403, 403, 404]  # a submitted report is not public yet
    report.refresh_from_db()
    assert (report.decision, report.decided_by) == ("", None)
    client.force_login(coordinator)
    response = client.post(url, {"decision": "green_light", "note": "Ga door met de ontmoetingsruimte"})

    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.decision, report.decided_by) == ("green_light", coordinator)


def test_decision_before_the_edition_is_allowed_and_dated_today(coordinator, workgroup, member, future_edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=future_edition, author=member)
    services.submit_report(report=report)

    services.record_decision(report=report, decided_by=coordinator, decision="green_light", notify=False)

    report.refresh_from_db()
    assert (report.decision, report.decided_on) == ("green_light", timezone.localdate())


def test_decision_shows_on_edition_page_and_workgroup_page(client, coordinator, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)
    services.publish_report(report=report)
    services.record_decision(report=report, decided_by=coordinator, decision="green_light", note="Doorgaan")

    edition_page = client.get(edition.get_absolute_url()).content.decode()
    workgroup_page = client.get(workgroup.get_absolute_url()).content.decode()

    assert "Groen licht" in edition_page
    assert "Groen licht" in workgroup_page


def test_coordinator_change_to_goal_update_after_submission_is_in_history(
    client, coordinator, workgroup, member, goals, edition
):
    report = _draft(workgroup, edition, member, goals, summary="Klaar")
    services.submit_report(report=report)
    client.force_login(coordinator)

    client.post(
        reverse("workgroups:report_edit", args=[workgroup.slug, report.pk]),
        _report_data(edition, goals, summary="Klaar", action="save"),
    )
    response = client.get(reverse("workgroups:report_history", args=[workgroup.slug, report.pk]))

    changed = [(r.goal_id, r.progress, r.history_user) for r in response.context["goal_records"]]
    assert sorted(changed, key=lambda c: c[0]) == [(goals[0].pk, 60, coordinator), (goals[1].pk, 60, coordinator)]


@pytest.mark.django_db(transaction=True)
def test_members_get_a_dutch_email_when_a_decision_is_recorded(coordinator, workgroup, lead, member, edition):
    from django.core import mail
    from django.core.management import call_command

    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)
    services.record_decision(report=report, decided_by=coordinator, decision="green_light", note="Ga door")

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, member.email])
    assert mail.outbox[0].subject == f"Besluit voor {workgroup.name}: Groen licht"
    assert "Ga door" in mail.outbox[0].alternatives[0].content


def test_coordinator_goal_changes_stay_in_history_after_send_back_and_resubmission(
    client, coordinator, workgroup, member, goals, edition
):
    report = _draft(workgroup, edition, member, goals, summary="Klaar")
    services.submit_report(report=report)
    edit = reverse("workgroups:report_edit", args=[workgroup.slug, report.pk])
    client.force_login(coordinator)
    client.post(edit, _report_data(edition, goals, summary="Klaar", action="save"))  # both goals to 60
    client.post(reverse("workgroups:report_send_back", args=[workgroup.slug, report.pk]), {"comment": "Doel 2?"})
    client.force_login(member)
    data = _report_data(edition, goals, summary="Klaar, aangevuld", action="submit")
    data[f"goal_{goals[1].pk}_progress"] = 70
    client.post(edit, data)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    client.force_login(coordinator)

    response = client.get(reverse("workgroups:report_history", args=[workgroup.slug, report.pk]))

    changed = [(r.goal_id, r.progress, r.history_user) for r in response.context["goal_records"]]
    assert changed == [(goals[1].pk, 70, member), (goals[1].pk, 60, coordinator), (goals[0].pk, 60, coordinator)]
    assert [r.status for r in response.context["records"]] == ["submitted", "draft", "draft", "submitted", "submitted"]


@pytest.mark.parametrize("action", ["save", "submit"])
def test_non_member_editing_another_groups_draft_stores_nothing(client, workgroup, member, goals, edition, action):
    report = _draft(workgroup, edition, member, goals, summary="Ons concept")
    outsider = PartnerFactory()
    client.force_login(outsider)
    url = reverse("workgroups:report_edit", args=[workgroup.slug, report.pk])

    responses = [client.get(url), client.post(url, _report_data(edition, goals, summary="Overschreven", action=action))]

    assert [r.status_code for r in responses] == [404, 404]  # another group's draft: not even there for them
    report.refresh_from_db()
    assert (report.summary, report.status, report.author) == ("Ons concept", ProgressReport.Status.DRAFT, member)
    assert sorted(report.goal_updates.values_list("goal_id", "progress")) == [(goals[0].pk, 30)]
    assert report.history.count() == 1


def test_rows_of_a_submitted_report_are_locked_for_its_author(client, workgroup, member, edition):
    report = services.save_report(
        workgroup=workgroup, conference=edition, author=member, summary="Klaar", quick_wins=[{"text": "Website"}]
    )
    services.submit_report(report=report)
    client.force_login(member)

    response = client.post(
        reverse("workgroups:report_edit", args=[workgroup.slug, report.pk]),
        _report_data(edition, []) | rows("quick_wins", {"text": "Overschreven"}),
    )

    assert response.status_code == 403
    assert list(report.quick_wins.values_list("text", flat=True)) == ["Website"]
    with pytest.raises(ValidationError, match="U kunt die niet meer wijzigen"):
        services.save_report(
            workgroup=workgroup, conference=edition, author=member, report=report, quick_wins=[{"text": "x"}]
        )
    assert list(report.quick_wins.values_list("text", flat=True)) == ["Website"]


def test_coordinator_corrects_the_rows_of_a_submitted_report(client, coordinator, workgroup, member, edition):
    report = services.save_report(
        workgroup=workgroup, conference=edition, author=member, summary="Klaar", next_steps=[{"text": "Oud"}]
    )
    services.submit_report(report=report)
    client.force_login(coordinator)

    response = client.post(
        reverse("workgroups:report_edit", args=[workgroup.slug, report.pk]),
        _report_data(edition, [], summary="Klaar", action="save")
        | rows("next_steps", {"text": "Nieuw", "owner_name": "Sanne", "funding": "Fonds"}),
    )

    assert response.status_code == 302
    assert list(report.next_steps.values_list("text", "owner_name", "funding")) == [("Nieuw", "Sanne", "Fonds")]
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
