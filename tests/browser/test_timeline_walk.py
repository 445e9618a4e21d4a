"""A workgroup's timeline on the demo reads in the order things happened, with "Nu" between past and future."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.workgroups.factories import ProgressReportFactory
from workgroups.models import ProgressReport, Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day(value: str) -> date:
    """The day of a ``<time datetime>`` value: a date, or a moment with its offset."""
    return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)


def test_visitor_reads_a_workgroup_timeline_in_date_order_on_a_phone(phone_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    workgroup = Workgroup.objects.get(slug="eenzaamheid")
    ProgressReportFactory(  # the follow-up half a year after the edition, between two editions
        workgroup=workgroup,
        conference=None,
        period_start=date(2023, 10, 27),
        period_end=date(2024, 4, 30),
        submitted_at=timezone.make_aware(datetime(2024, 5, 8, 10)),
        status=ProgressReport.Status.PUBLISHED,
        summary="De website blijft online; de gemeente betaalt de kosten tot eind 2024.",
        decision=ProgressReport.Decision.CONTINUE,
        decided_on=date(2024, 5, 21),
        decision_context="regiegroepoverleg",
    )

    phone_page.goto(workgroup.get_absolute_url())
    phone_page.wait_for_load_state()
    phone_page.checks.assert_accessible()

    events = phone_page.locator(".wg-timeline > li")
    kinds = [kind.strip().lower() for kind in phone_page.locator(".wg-timeline .wg-event-kind").all_inner_texts()]
    assert kinds == ["thema", "werkgroep", "rapportage", "besluit", "rapportage", "besluit", "nu", "editie"]
    days = [_day(value) for value in events.locator("time").evaluate_all("nodes => nodes.map(n => n.dateTime)")]
    now_at = kinds.index("nu")
    today = timezone.localdate()
    assert days[:now_at] == sorted(days[:now_at]) and all(day <= today for day in days[:now_at])
    assert days[now_at] == today
    assert all(day > today for day in days[now_at + 1 :])
    assert events.nth(now_at).get_attribute("aria-current") == "date"
    assert events.nth(now_at + 1).locator(".wg-badge-planned").inner_text() == "Gepland"
    assert "wg-event-future" in events.nth(now_at + 1).get_attribute("class")
    follow_up = events.nth(4)
    follow_up.get_by_text("Voortgangsrapportage tussen edities").wait_for()
    follow_up.get_by_text("over 27 oktober 2023 – 30 april 2024").wait_for()  # noqa: RUF001
    events.nth(5).get_by_text("regiegroepoverleg").wait_for()
    assert events.nth(1).locator(".wg-event-meta").inner_text().lower().startswith("werkgroep · 11 maart 2021")

    phone_page.get_by_role("link", name="Thema voorgesteld: Eenzaamheid: ontmoeting stimuleren").click()
    phone_page.wait_for_load_state()
    phone_page.checks.assert_accessible()
    theme_panel = phone_page.locator(".wg-theme-panel .wg-timeline .wg-event-kind").all_inner_texts()
    assert [kind.strip().lower() for kind in theme_panel][-2:] == ["nu", "editie"]
