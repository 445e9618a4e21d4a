"""Reports at any distance: an optional edition, a reporting period, quick wins, next steps with an
owner, and decisions recorded between editions (with the day and the place)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conference.mail import absolute_url
from conference.models import OutgoingEmail, SiteSettings
from tests.conference.factories import RecapFactory
from tests.factories import EditionFactory, OrganisationFactory, PartnerFactory
from tests.html import collapsed
from tests.workgroups.factories import GoalFactory, WorkgroupFactory, WorkgroupMembershipFactory
from tests.workgroups.test_reports import rows
from workgroups import selectors, services
from workgroups.models import Goal, NextStep, ProgressReport, QuickWin, WorkgroupMembership

pytestmark = pytest.mark.django_db

HALF_YEAR = (date(2021, 3, 12), date(2021, 9, 30))


def _data(**extra):
    """A half-year follow-up between editions, as the form posts it: two quick wins, one next step."""
    data = {
        "conference": "",
        "period_start": "2021-03-12",
        "period_end": "2021-09-30",
        "summary": "Een half jaar na de werksessies.",
        "achievements": "Kinderraad bevraagd",
        "not_achieved": "",
        "overall_status": ProgressReport.Overall.ON_TRACK,
        "action": "save",
        **rows(
            "quick_wins",
            {"text": "Kinderraad bevraagd", "done_on": "2021-05-19"},
            {"text": "Eerste training in groep 8", "done_on": "2021-06-24"},
        ),
        **rows("next_steps", {"text": "Training op alle scholen", "owner_name": "Fatima", "due_date": "2022-03-31"}),
    }
    return data | extra


def _create_url(workgroup):
    return reverse("workgroups:report_create", args=[workgroup.slug])


def _published_followup(workgroup, author, **fields):
    report = services.save_report(
        workgroup=workgroup,
        author=author,
        summary="Wat kwam er van de plannen",
        period_start=HALF_YEAR[0],
        period_end=HALF_YEAR[1],
        **fields,
    )
    services.submit_report(report=report)
    return services.publish_report(report=report, notify=False)


# Writing a report between editions ----------------------------------------------------------


def test_member_submits_a_half_year_followup_without_an_edition(client, workgroup, member):
    organisation = OrganisationFactory(name="Preventienetwerk Jeugd")
    client.force_login(member)
    data = _data(action="submit")
    data |= {"next_steps-0-owner_organisation": organisation.pk, "next_steps-0-funding": "Preventiebudget"}

    response = client.post(_create_url(workgroup), data)

    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert (report.conference, report.period_start, report.period_end) == (None, *HALF_YEAR)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert list(report.quick_wins.values_list("text", "done_on", "order")) == [
        ("Kinderraad bevraagd", date(2021, 5, 19), 0),
        ("Eerste training in groep 8", date(2021, 6, 24), 1),
    ]
    [step] = report.next_steps.all()
    assert (step.text, step.owner, step.due_date, step.funding) == (
        "Training op alle scholen",
        "Fatima, Preventienetwerk Jeugd",
        date(2022, 3, 31),
        "Preventiebudget",
    )


def test_report_between_editions_needs_its_period_before_submitting(client, workgroup, member):
    client.force_login(member)

    response = client.post(_create_url(workgroup), _data(period_start="", action="submit"))

    assert response.status_code == 200
    assert ProgressReport.objects.count() == 0
    assert "Een rapportage tussen edities heeft een periode nodig" in response.content.decode()
    assert response.context["form"]["summary"].value() == "Een half jaar na de werksessies."
    draft = services.save_report(workgroup=workgroup, author=member, summary="Concept zonder periode")
    with pytest.raises(ValidationError, match="Een rapportage tussen edities heeft een periode nodig"):
        services.submit_report(report=draft)


def test_report_for_an_edition_may_leave_the_period_empty(workgroup, member, edition):
    report = services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Stand")

    services.submit_report(report=report)

    report.refresh_from_db()
    assert (report.status, report.period_start, report.period_end) == ("submitted", None, None)


def test_any_published_edition_can_be_chosen_also_long_past(client, workgroup, member):
    long_ago = EditionFactory(title="Werkconferentie 2019", starts_at=timezone.now() - timedelta(days=900))
    hidden = EditionFactory(title="Nog geheim", is_published=False)
    client.force_login(member)

    response = client.get(_create_url(workgroup))

    choices = list(response.context["form"].fields["conference"].queryset)
    assert long_ago in choices
    assert hidden not in choices
    assert response.context["form"].fields["conference"].required is False
    assert "Geen: een rapportage tussen edities" in response.content.decode()


def test_new_report_starts_at_the_next_edition(client, workgroup, member, future_edition):
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=30))
    client.force_login(member)

    response = client.get(_create_url(workgroup))

    assert response.context["form"]["conference"].value() == future_edition.pk


def test_one_report_per_edition_is_still_enforced(client, workgroup, member, edition):
    services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Eerste")
    client.force_login(member)

    response = client.post(_create_url(workgroup), _data(conference=edition.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["conference"] == ["Deze werkgroep heeft al een rapportage voor deze editie."]
    assert ProgressReport.objects.count() == 1
    with pytest.raises(ValidationError, match="Deze werkgroep heeft al een rapportage voor deze editie"):
        services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Tweede")
    other = services.save_report(workgroup=WorkgroupFactory(), conference=edition, author=member, summary="Ander")
    assert other.conference == edition  # another group may report at the same edition


def test_moving_a_report_to_an_edition_that_has_one_is_refused(workgroup, member, edition):
    services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Op de editie")
    followup = services.save_report(workgroup=workgroup, author=member, summary="Tussendoor")

    with pytest.raises(ValidationError, match="Deze werkgroep heeft al een rapportage voor deze editie"):
        services.save_report(workgroup=workgroup, conference=edition, author=member, report=followup)

    followup.refresh_from_db()
    assert followup.conference is None


def test_a_group_may_have_several_reports_between_editions(workgroup, member):
    first = services.save_report(workgroup=workgroup, author=member, period_start=date(2021, 3, 12))
    second = services.save_report(workgroup=workgroup, author=member, period_start=date(2021, 10, 1))

    assert list(workgroup.reports.filter(conference__isnull=True).order_by("pk")) == [first, second]


def test_an_unpublished_edition_is_refused_by_the_service(workgroup, member):
    hidden = EditionFactory(is_published=False)

    with pytest.raises(ValidationError, match="Kies een gepubliceerde editie"):
        services.save_report(workgroup=workgroup, conference=hidden, author=member)

    assert ProgressReport.objects.count() == 0


def test_period_that_ends_before_it_starts_is_refused(client, workgroup, member):
    client.force_login(member)

    response = client.post(_create_url(workgroup), _data(period_start="2021-09-30", period_end="2021-03-12"))

    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == [
        "De einddatum ligt vóór de begindatum. Kijk beide datums na."
    ]
    assert ProgressReport.objects.count() == 0
    with pytest.raises(ValidationError, match="De periode eindigt voordat hij begint"):
        services.save_report(
            workgroup=workgroup, author=member, period_start=date(2021, 9, 30), period_end=date(2021, 3, 12)
        )
    assert ProgressReport.objects.count() == 0


def test_step_with_an_owner_but_no_text_gets_a_clear_message_and_nothing_is_stored(client, workgroup, member):
    client.force_login(member)
    data = _data() | rows("next_steps", {"text": "", "owner_name": "Fatima", "due_date": "2022-03-31"})

    response = client.post(_create_url(workgroup), data)

    assert response.status_code == 200
    assert response.context["next_steps"].forms[0].errors["text"] == ["Beschrijf de stap, of laat de hele regel leeg."]
    assert (ProgressReport.objects.count(), QuickWin.objects.count(), NextStep.objects.count()) == (0, 0, 0)
    with pytest.raises(ValidationError, match="Elke volgende stap heeft een beschrijving nodig"):
        services.save_report(workgroup=workgroup, author=member, next_steps=[{"text": "", "owner_name": "Fatima"}])
    assert ProgressReport.objects.count() == 0


def test_quick_win_with_a_date_but_no_text_gets_a_clear_message(client, workgroup, member):
    client.force_login(member)
    data = _data() | rows("quick_wins", {"text": "", "done_on": "2021-05-19"})

    response = client.post(_create_url(workgroup), data)

    assert response.context["quick_wins"].forms[0].errors["text"] == [
        "Beschrijf het snelle resultaat, of laat de hele regel leeg."
    ]
    assert ProgressReport.objects.count() == 0


def test_quick_win_dated_in_the_future_is_refused(client, workgroup, member):
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(member)
    data = _data() | rows("quick_wins", {"text": "Nog niet gedaan", "done_on": tomorrow.isoformat()})

    response = client.post(_create_url(workgroup), data)

    assert response.context["quick_wins"].forms[0].errors["done_on"] == [
        "Een snel resultaat is al gedaan: de datum kan niet in de toekomst liggen."
    ]
    assert ProgressReport.objects.count() == 0
    with pytest.raises(ValidationError, match="de datum kan niet in de toekomst liggen"):
        services.save_report(workgroup=workgroup, author=member, quick_wins=[{"text": "x", "done_on": tomorrow}])
    assert ProgressReport.objects.count() == 0


def test_empty_rows_are_left_out_and_the_order_is_kept(workgroup, member):
    report = services.save_report(
        workgroup=workgroup,
        author=member,
        quick_wins=[{"text": "Derde"}, {"text": "", "done_on": None}, {"text": " Eerste "}],
        next_steps=[{"text": "", "owner_name": ""}, {"text": "Stap"}],
    )

    assert list(report.quick_wins.values_list("text", "order")) == [("Derde", 0), ("Eerste", 1)]
    assert list(report.next_steps.values_list("text", "order")) == [("Stap", 0)]


# Rows without JavaScript, and editing -------------------------------------------------------


@pytest.mark.parametrize(("button", "win_rows", "step_rows"), [("more_quick_wins", 4, 1), ("more_next_steps", 2, 3)])
def test_more_rows_without_javascript_keeps_everything_typed(
    client, workgroup, member, goals, button, win_rows, step_rows
):
    client.force_login(member)
    data = _data(action=button, summary="Nog niet klaar")
    data |= {f"goal_{goals[0].pk}_status": Goal.Status.ACHIEVED, f"goal_{goals[0].pk}_progress": "100"}
    data |= {f"goal_{goals[1].pk}_status": Goal.Status.IN_PROGRESS, f"goal_{goals[1].pk}_progress": "40"}

    response = client.post(_create_url(workgroup), data)

    assert response.status_code == 200
    assert ProgressReport.objects.count() == 0  # nothing saved
    form, wins, steps = (response.context[name] for name in ("form", "quick_wins", "next_steps"))
    assert (form["summary"].value(), form["period_end"].value()) == ("Nog niet klaar", "2021-09-30")
    assert form[f"goal_{goals[0].pk}_progress"].value() == "100"
    assert [f["text"].value() for f in wins][:2] == ["Kinderraad bevraagd", "Eerste training in groep 8"]
    assert [f["done_on"].value() for f in wins][:2] == ["2021-05-19", "2021-06-24"]
    assert steps.forms[0]["text"].value() == "Training op alle scholen"
    assert steps.forms[0]["owner_name"].value() == "Fatima"
    assert (len(wins.forms), len(steps.forms)) == (win_rows, step_rows)  # empty rows added to that set only
    assert [f["text"].value() for f in wins][2:] + [f["text"].value() for f in steps][1:] == [None, None]
    html = response.content.decode()
    assert "Er zijn lege regels toegevoegd. Er is nog niets opgeslagen." in html
    assert 'class="invalid-feedback' not in html  # not judged yet: only added rows


def test_saving_after_more_rows_stores_the_new_row(client, workgroup, member):
    client.force_login(member)
    data = _data() | rows(
        "quick_wins",
        {"text": "Kinderraad bevraagd", "done_on": "2021-05-19"},
        {"text": "", "done_on": ""},
        {"text": "Derde, in een extra regel", "done_on": ""},
    )

    client.post(_create_url(workgroup), data)

    report = ProgressReport.objects.get()
    assert list(report.quick_wins.values_list("text", flat=True)) == [
        "Kinderraad bevraagd",
        "Derde, in een extra regel",
    ]


def test_edit_form_shows_the_rows_and_saving_replaces_them(client, workgroup, member):
    organisation = OrganisationFactory()
    report = services.save_report(
        workgroup=workgroup,
        author=member,
        quick_wins=[{"text": "Een", "done_on": date(2021, 5, 1)}, {"text": "Twee"}],
        next_steps=[{"text": "Stap", "owner_organisation": organisation, "funding": "Fonds"}],
    )
    client.force_login(member)
    url = reverse("workgroups:report_edit", args=[workgroup.slug, report.pk])

    page = client.get(url)
    emptied = rows("quick_wins", {"text": "Twee", "done_on": ""}, {"text": "", "done_on": ""}) | rows("next_steps")
    client.post(url, _data() | emptied)

    wins = page.context["quick_wins"]
    assert [(f["text"].value(), f["done_on"].value()) for f in wins] == [
        ("Een", date(2021, 5, 1)),
        ("Twee", None),
        (None, None),  # one empty row to add another
    ]
    assert page.context["next_steps"].forms[0]["owner_organisation"].value() == organisation.pk
    assert list(report.quick_wins.values_list("text", flat=True)) == ["Twee"]
    assert report.next_steps.count() == 0


def test_report_form_has_the_add_row_script_and_a_template_row(client, workgroup, member):
    client.force_login(member)

    html = client.get(_create_url(workgroup)).content.decode()

    assert '<script src="/static/js/formset.js" defer></script>' in html
    assert '<div data-formset="quick_wins"' in html
    assert 'id="id_next_steps-__prefix__-owner_name"' in html
    assert html.count("<template data-formset-template>") == 2
    assert html.count(" data-formset-add>") == 2
    assert "<script>" not in html


# Showing it ---------------------------------------------------------------------------------


def test_report_page_shows_period_rows_and_a_decision_between_editions(client, coordinator, workgroup, member):
    organisation = OrganisationFactory(name="Preventienetwerk Jeugd")
    report = _published_followup(
        workgroup,
        member,
        quick_wins=[{"text": "Kinderraad bevraagd", "done_on": date(2021, 5, 19)}],
        next_steps=[
            {
                "text": "Training op alle scholen",
                "owner_name": "Fatima",
                "owner_organisation": organisation,
                "due_date": date(2022, 3, 31),
                "funding": "Preventiebudget",
            }
        ],
    )
    services.record_decision(
        report=report,
        decided_by=coordinator,
        decision=ProgressReport.Decision.CONTINUE,
        decided_on=date(2021, 10, 14),
        decision_context="Regiegroepoverleg",
        notify=False,
    )

    html = client.get(report.get_absolute_url()).content.decode()

    assert "<h1>Voortgangsrapportage tussen edities</h1>" in html
    assert '<time datetime="2021-03-12">12 maart 2021</time> tot en met <time datetime="2021-09-30">' in html
    assert "Geen: een rapportage tussen edities" in html
    assert "Kinderraad bevraagd <span class" in html
    assert 'gedaan op <time datetime="2021-05-19">19 mei 2021</time>' in html
    assert '<th scope="row" class="fw-normal">Training op alle scholen</th>' in html
    assert "<td>Fatima, Preventienetwerk Jeugd</td>" in html
    assert '<time datetime="2022-03-31">31 maart 2022</time>' in html
    assert "<td>Preventiebudget</td>" in html
    assert "Besluit: Doorgaan" in html
    assert 'Besloten op <time datetime="2021-10-14">14 oktober 2021</time>, Regiegroepoverleg' in html


def test_workgroup_page_lists_reports_with_their_rows(client, coordinator, workgroup, member, edition):
    report = services.save_report(
        workgroup=workgroup,
        conference=edition,
        author=member,
        summary="Stand",
        quick_wins=[{"text": "Een"}, {"text": "Twee"}],
        next_steps=[{"text": "Stap"}],
    )
    services.submit_report(report=report)
    services.publish_report(report=report, notify=False)
    services.record_decision(
        report=report, decided_by=coordinator, decision="continue", decided_on=timezone.localdate(), notify=False
    )

    html = collapsed(client.get(workgroup.get_absolute_url()).content)

    assert f'<a href="{report.get_absolute_url()}">{edition}' in html
    assert "2 snelle resultaten, 1 volgende stap" in html
    assert f'besluit: Doorgaan (Besloten op <time datetime="{timezone.localdate():%Y-%m-%d}">' in html


def test_edition_page_and_recap_show_reports_with_rows_and_the_followups_since_the_previous_edition(
    client, coordinator, workgroup, member
):
    now = timezone.now()
    previous = EditionFactory(title="Voorjaar", starts_at=now - timedelta(days=400))
    current = EditionFactory(title="Najaar", starts_at=now - timedelta(days=10))
    at_edition = services.save_report(
        workgroup=workgroup,
        conference=current,
        author=member,
        summary="Op de editie",
        next_steps=[{"text": "Jaarlijkse ouderavond", "owner_name": "Fatima", "due_date": date(2030, 11, 30)}],
    )
    services.submit_report(report=at_edition)
    services.publish_report(report=at_edition, notify=False)
    followup = services.save_report(
        workgroup=workgroup,
        author=member,
        summary="Halfjaar",
        period_start=timezone.localdate(previous.ends_at) + timedelta(days=1),
        period_end=timezone.localdate(previous.ends_at) + timedelta(days=180),
        quick_wins=[{"text": "Kinderraad bevraagd", "done_on": date(2021, 5, 19)}],
    )
    services.submit_report(report=followup)
    services.publish_report(report=followup, notify=False)
    services.record_decision(
        report=followup,
        decided_by=coordinator,
        decision="continue",
        decided_on=timezone.localdate(previous.ends_at) + timedelta(days=190),
        decision_context="Regiegroepoverleg",
        notify=False,
    )
    recap = RecapFactory(conference=current)

    pages = [client.get(url).content.decode() for url in (current.get_absolute_url(), recap.get_absolute_url())]
    earlier = client.get(previous.get_absolute_url()).content.decode()

    for html in pages:
        assert 'id="wg-edition-reports"' in html
        assert "Jaarlijkse ouderavond" in html
        assert "<td>Fatima</td>" in html
        assert "Vervolgrapportages sinds de vorige editie" in html
        assert "Kinderraad bevraagd" in html
        assert ", Regiegroepoverleg" in html
    assert "Kinderraad bevraagd" not in earlier  # the follow-up came after that edition
    assert list(selectors.followups_before_edition(current)) == [followup]
    assert list(selectors.followups_before_edition(previous)) == []


def test_drafts_and_reports_are_ordered_by_the_day_they_are_about(workgroup, member):
    now = timezone.now()
    spring = EditionFactory(starts_at=now - timedelta(days=300))
    autumn = EditionFactory(starts_at=now - timedelta(days=100))
    at_autumn = services.save_report(workgroup=workgroup, conference=autumn, author=member)
    followup = services.save_report(
        workgroup=workgroup,
        author=member,
        period_start=timezone.localdate(spring.starts_at),
        period_end=timezone.localdate(spring.starts_at) + timedelta(days=150),
    )
    at_spring = services.save_report(workgroup=workgroup, conference=spring, author=member)

    assert list(selectors.reports_for(workgroup, member)) == [at_spring, followup, at_autumn]
    assert list(selectors.my_drafts(member)) == [at_spring, followup, at_autumn]


def test_dashboard_lists_a_draft_between_editions(client, workgroup, lead):
    draft = services.save_report(workgroup=workgroup, author=lead, period_start=date(2021, 3, 12))
    client.force_login(lead)

    response = client.get(reverse("workgroups:dashboard"))

    assert list(response.context["drafts"]) == [draft]
    assert "Tussen edities, vanaf <time" in response.content.decode()


def test_a_followup_does_not_count_as_the_report_for_the_coming_edition(workgroup, lead, future_edition):
    _published_followup(workgroup, lead)

    due = selectors.reports_due(lead)
    reminders = services.queue_report_reminders()

    assert [(d["workgroup"], d["edition"], d["draft"]) for d in due] == [(workgroup, future_edition, None)]
    assert reminders == 1


def test_goal_history_includes_a_report_between_editions(workgroup, member):
    goal = GoalFactory(workgroup=workgroup)
    report = _published_followup(
        workgroup, member, goal_updates={goal.pk: {"status": Goal.Status.IN_PROGRESS, "progress": 45, "note": ""}}
    )

    [shown] = selectors.goals_with_history(workgroup, member)

    [entry] = [e for e in shown.history if e.kind == "report"]
    assert (entry.progress, entry.edition, entry.url) == (45, None, report.get_absolute_url())
    assert timezone.localdate(entry.when) == HALF_YEAR[1]


# Decisions between editions -----------------------------------------------------------------


def test_coordinator_records_a_decision_between_editions_with_date_and_place(
    client, coordinator, workgroup, lead, member
):
    WorkgroupMembership.objects.create(workgroup=workgroup, name="Zonder account", status="active")
    report = _published_followup(workgroup, member)
    client.force_login(coordinator)
    url = reverse("workgroups:report_decide", args=[workgroup.slug, report.pk])

    response = client.post(
        url, {"decision": "continue", "decided_on": "2021-10-14", "decision_context": "Regiegroepoverleg"}
    )

    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.decision, report.decided_on, report.decision_context, report.decided_by) == (
        "continue",
        date(2021, 10, 14),
        "Regiegroepoverleg",
        coordinator,
    )
    assert report.decided_at is not None
    emails = OutgoingEmail.objects.order_by("to")
    assert sorted(e.to for e in emails) == sorted([lead.email, member.email])  # the member without an account: none
    assert emails[0].subject == f"Besluit voor {workgroup.name}: Doorgaan"
    assert "over de vervolgrapportage van" in emails[0].body_text
    assert "Besloten op 14 oktober 2021, Regiegroepoverleg." in emails[0].body_text


def test_decision_form_starts_at_today(client, coordinator, workgroup, member):
    report = _published_followup(workgroup, member)
    client.force_login(coordinator)

    response = client.get(report.get_absolute_url())

    form = response.context["decision_form"]
    assert (form["decided_on"].value(), form["decision_context"].value()) == (timezone.localdate(), "")


def test_decision_dated_in_the_future_is_refused_and_nothing_changes(client, coordinator, workgroup, member):
    report = _published_followup(workgroup, member)
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(coordinator)

    response = client.post(
        reverse("workgroups:report_decide", args=[workgroup.slug, report.pk]),
        {"decision": "continue", "decided_on": tomorrow.isoformat()},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"] == ["De dag van het besluit kan niet in de toekomst liggen."]
    with pytest.raises(ValidationError, match="De dag van het besluit kan niet in de toekomst liggen"):
        services.record_decision(report=report, decided_by=coordinator, decision="continue", decided_on=tomorrow)
    report.refresh_from_db()
    assert (report.decision, report.decided_on, report.decided_at) == ("", None, None)
    assert OutgoingEmail.objects.count() == 0


def test_decision_on_a_draft_is_still_refused(coordinator, workgroup, member):
    draft = services.save_report(workgroup=workgroup, author=member, summary="Concept")

    with pytest.raises(ValidationError, match="Een besluit kan alleen bij een ingediende rapportage"):
        services.record_decision(report=draft, decided_by=coordinator, decision="continue")


@pytest.mark.parametrize("who", ["lead", "other_partner", "resident"])
def test_only_coordinators_decide_and_nothing_changes_for_others(client, workgroup, lead, member, resident, who):
    report = _published_followup(workgroup, member)
    users = {"lead": lead, "other_partner": PartnerFactory(), "resident": resident}
    client.force_login(users[who])

    response = client.post(
        reverse("workgroups:report_decide", args=[workgroup.slug, report.pk]),
        {"decision": "stop", "decided_on": "2021-10-14", "decision_context": "Ergens"},
    )

    assert response.status_code == 403
    report.refresh_from_db()
    assert (report.decision, report.decided_on, report.decision_context) == ("", None, "")
    assert workgroup.__class__.objects.get(pk=workgroup.pk).status == "active"


@pytest.mark.parametrize("who", ["other_partner", "resident"])
def test_non_members_cannot_write_a_followup(client, workgroup, lead, resident, who):
    client.force_login(PartnerFactory() if who == "other_partner" else resident)

    response = client.post(_create_url(workgroup), _data(action="submit"))

    assert response.status_code == 403
    assert (ProgressReport.objects.count(), QuickWin.objects.count(), NextStep.objects.count()) == (0, 0, 0)


# The coordinators' CSV ----------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_period_rows_and_decision_per_report(client, coordinator, workgroup, member, edition):
    organisation = OrganisationFactory(name="Preventienetwerk Jeugd")
    report = _published_followup(
        workgroup,
        member,
        quick_wins=[{"text": "Kinderraad bevraagd", "done_on": date(2021, 5, 19)}, {"text": "Folder"}],
        next_steps=[
            {
                "text": "Training",
                "owner_name": "Fatima",
                "owner_organisation": organisation,
                "due_date": date(2022, 3, 31),
                "funding": "Preventiebudget",
            }
        ],
    )
    services.record_decision(
        report=report,
        decided_by=coordinator,
        decision="continue",
        decided_on=date(2021, 10, 14),
        decision_context="Regiegroepoverleg",
        note="Goed bezig",
        notify=False,
    )
    services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Concept")  # a draft: left out
    client.force_login(coordinator)

    response = client.get(reverse("workgroups:reports_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="voortgangsrapportages.csv"'
    header, *lines = _csv(response)
    assert header[:5] == ["Werkgroep", "Editie", "Datum van de editie", "Periode van", "Periode tot en met"]
    assert [dict(zip(header, line, strict=True)) for line in lines] == [
        {
            "Werkgroep": workgroup.name,
            "Editie": "Tussen edities",
            "Datum van de editie": "",
            "Periode van": "2021-03-12",
            "Periode tot en met": "2021-09-30",
            "Status": "Gepubliceerd",
            "Stand van zaken": "Op schema",
            "Samenvatting": "Wat kwam er van de plannen",
            "Wat is bereikt": "",
            "Snelle resultaten": "Kinderraad bevraagd (gedaan op 2021-05-19)\nFolder",
            "Volgende stappen": (
                "Training | wie: Fatima, Preventienetwerk Jeugd | uiterlijk: 2022-03-31 | betaald uit: Preventiebudget"
            ),
            "Besluit": "Doorgaan",
            "Besloten op": "2021-10-14",
            "Waar besloten": "Regiegroepoverleg",
            "Toelichting bij het besluit": "Goed bezig",
            "Samengaan met": "",
            "Webadres": absolute_url(report.get_absolute_url()),
        }
    ]


def test_csv_per_edition_has_only_that_editions_reports(client, coordinator, workgroup, member, edition):
    at_edition = services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Op de editie")
    services.submit_report(report=at_edition)
    _published_followup(workgroup, member)
    client.force_login(coordinator)

    response = client.get(reverse("workgroups:reports_csv"), {"editie": edition.slug})

    _header, *lines = _csv(response)
    assert response["Content-Disposition"] == f'attachment; filename="voortgangsrapportages-{edition.slug}.csv"'
    assert [(line[1], line[5]) for line in lines] == [(edition.title, "Ingediend")]
    assert client.get(reverse("workgroups:reports_csv"), {"editie": "bestaat-niet"}).status_code == 404


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_look_like_formulas_are_made_inert(client, coordinator, workgroup, member, start):
    text = f'{start}HYPERLINK("http://example.org")'
    report = _published_followup(workgroup, member, quick_wins=[{"text": "x"}], next_steps=[{"text": "y"}])
    ProgressReport.objects.filter(pk=report.pk).update(summary=text)
    QuickWin.objects.filter(report=report).update(text=text)
    client.force_login(coordinator)

    response = client.get(reverse("workgroups:reports_csv"))

    header, line = _csv(response)
    row = dict(zip(header, line, strict=True))
    assert row["Samenvatting"] == f"'{text}"
    assert row["Snelle resultaten"] == f"'{text}"
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in line)


@pytest.mark.parametrize("who", ["partner", "resident"])
def test_csv_is_for_coordinators_only(client, workgroup, member, resident, who):
    _published_followup(workgroup, member)
    client.force_login(member if who == "partner" else resident)

    assert client.get(reverse("workgroups:reports_csv")).status_code == 403
    client.logout()
    anonymous = client.get(reverse("workgroups:reports_csv"))
    assert (anonymous.status_code, anonymous.url.startswith("/account/login/")) == (302, True)


def test_coordinator_dashboard_links_to_the_csv_per_edition(client, coordinator, workgroup, member, edition):
    report = services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Stand")
    services.submit_report(report=report)
    client.force_login(coordinator)

    html = client.get(reverse("conference:manage")).content.decode()

    assert f'action="{reverse("workgroups:reports_csv")}"' in html
    assert f'<option value="{edition.slug}">{edition}</option>' in html


# Query bounds -------------------------------------------------------------------------------


def _rows_for(count):
    wins = [{"text": f"Snel resultaat {i}", "done_on": date(2021, 5, 1)} for i in range(count)]
    organisations = OrganisationFactory.create_batch(min(count, 3))
    steps = [
        {"text": f"Stap {i}", "owner_organisation": organisations[i % len(organisations)], "funding": "Fonds"}
        for i in range(count)
    ]
    return wins, steps


@pytest.mark.parametrize("count", [1, 25])
def test_report_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, workgroup, member, count):
    wins, steps = _rows_for(count)
    report = _published_followup(workgroup, member, quick_wins=wins, next_steps=steps)
    SiteSettings.load()

    with django_assert_max_num_queries(7):  # measured: 7 for a visitor, one each for quick wins and next steps
        response = client.get(report.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row" class="fw-normal">Stap ') == count


@pytest.mark.parametrize("count", [1, 12])
def test_workgroup_page_queries_do_not_grow_with_reports_and_rows(
    client, django_assert_max_num_queries, workgroup, member, count
):
    start = timezone.now() - timedelta(days=400 * count)
    for i in range(count):
        edition = EditionFactory(starts_at=start + timedelta(days=400 * i))
        wins, steps = _rows_for(count)
        report = services.save_report(
            workgroup=workgroup, conference=edition, author=member, summary="Stand", quick_wins=wins, next_steps=steps
        )
        services.submit_report(report=report)
        services.publish_report(report=report, notify=False)
    SiteSettings.load()

    with django_assert_max_num_queries(10):  # measured: 10 for a visitor (rows, timeline, members)
        response = client.get(workgroup.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["reports"]) == count
    assert response.content.decode().count(f"{count} volgende stap") == count


@pytest.mark.parametrize("count", [1, 12])
def test_csv_and_edition_page_queries_do_not_grow(client, django_assert_max_num_queries, coordinator, member, count):
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=5))
    for _ in range(count):
        group = WorkgroupFactory()
        WorkgroupMembershipFactory(workgroup=group, user=member)
        wins, steps = _rows_for(count)
        report = services.save_report(
            workgroup=group, conference=edition, author=member, summary="Stand", quick_wins=wins, next_steps=steps
        )
        services.submit_report(report=report)
        services.publish_report(report=report, notify=False)
        _published_followup(group, member, quick_wins=wins, next_steps=steps)
    SiteSettings.load()

    with django_assert_max_num_queries(14):  # measured: 14 for a visitor, 3 of them for the reports and follow-ups
        page = client.get(edition.get_absolute_url())
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):  # measured: 5 (session, user, the reports, their quick wins, next steps)
        export = client.get(reverse("workgroups:reports_csv"))

    assert page.status_code == 200
    assert len(_csv(export)) == 1 + 2 * count
