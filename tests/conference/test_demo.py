import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_twice_gives_identical_row_counts():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _row_counts()

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _row_counts() == first
    assert first["conference.Conference"] >= 5
    assert first["conference.Organisation"] >= 5


def test_load_demo_builds_the_seed_editions():
    from conference.models import Conference, Membership

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    heumen = Conference.objects.get(slug="2023-oktober-heumen-voor-iedereen")
    assert heumen.motto == "Heumen voor iedereen"
    assert heumen.starts_at.date().isoformat() == "2023-10-26"
    assert Conference.objects.filter(starts_at__date="2024-03-21").exists()
    assert Conference.objects.get(starts_at__date="2021-03-11").mode == Conference.Mode.ONLINE
    assert Conference.objects.get(starts_at__date="2020-12-03").mode == Conference.Mode.ONLINE
    assert Membership.objects.filter(user__email="partner@example.org", organisation__name="Zorgalliantie").exists()


def test_load_demo_prints_passwords_only_with_debug(settings, capsys):
    import io

    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert "coordinator@example.org" in out.getvalue()
    assert settings.PORTAL_DEMO_PASSWORD not in out.getvalue()


def test_load_demo_builds_programmes_outcomes_and_the_heumen_recap(client):
    from conference.models import Outcome, Recap, TableTalk

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    kamer = TableTalk.objects.filter(conference__slug="2020-versnellingskamer-participatie").order_by("pk")
    assert [t.title for t in kamer] == [
        "Het bereik van solidariteit",
        "De betekenis van voorzieningen en sociaal werk",
        "Vertrouwen als basis voor meedoen",
    ]
    heumen = TableTalk.objects.filter(conference__slug="2023-oktober-heumen-voor-iedereen")
    assert sorted(t.title for t in heumen) == [
        "Mentale weerbaarheid jongeren (12-23 jaar)",
        "Verdraagzaamheid en verbinding: samen in gesprek",
    ]
    assert Outcome.objects.published().filter(table_talk__in=heumen).count() == 7
    recap = Recap.objects.get(conference__slug="2023-oktober-heumen-voor-iedereen")
    assert recap.is_published


def test_demo_pages_render(client):
    from conference.models import Conference, TableTalk

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    urls = ["/", "/edities/", "/terugblikken/", "/terugblikken/2023-oktober-heumen-voor-iedereen/", "/edities.ics"]
    urls += [edition.get_absolute_url() for edition in Conference.objects.all()]
    urls += [table.get_absolute_url() for table in TableTalk.objects.all()]

    statuses = {url: client.get(url).status_code for url in urls}

    assert set(statuses.values()) == {200}
