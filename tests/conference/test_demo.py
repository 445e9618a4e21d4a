import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import CharField, TextField

from conference.demo import upcoming_edition
from conference.models import Edition, User

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_twice_gives_identical_row_counts():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _row_counts()

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _row_counts() == first
    assert first["conference.Edition"] >= 5
    assert first["conference.Organisation"] >= 5


def test_load_demo_builds_the_seed_editions():
    from conference.models import Edition, Membership

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    heumen = Edition.objects.get(slug="2023-oktober-heumen-voor-iedereen")
    assert heumen.motto == "Heumen voor iedereen"
    assert heumen.starts_at.date().isoformat() == "2023-10-26"
    assert Edition.objects.filter(starts_at__date="2024-03-21").exists()
    assert Edition.objects.get(starts_at__date="2021-03-11").mode == Edition.Mode.ONLINE
    assert Edition.objects.get(starts_at__date="2020-12-03").mode == Edition.Mode.ONLINE
    assert Membership.objects.filter(user__email="partner@example.org", organisation__name="Zorgalliantie").exists()


def test_load_demo_prints_passwords_only_with_debug(settings):
    settings.DEBUG = False
    settings.PORTAL_DEMO_PASSWORD = "a-private-demo-password-7f3k"
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert "coordinator@example.org" in out.getvalue()
    assert settings.PORTAL_DEMO_PASSWORD not in out.getvalue()
    assert User.objects.get(email="coordinator@example.org").check_password("a-private-demo-password-7f3k")


@pytest.mark.parametrize("password", ["", "public"])
def test_load_demo_refuses_the_public_password_without_debug(settings, password):
    settings.DEBUG = False
    settings.PORTAL_DEMO_PASSWORD = settings.PORTAL_DEMO_PASSWORD_PUBLIC if password == "public" else ""

    with pytest.raises(CommandError, match="PORTAL_DEMO_PASSWORD"):
        call_command("load_demo", stdout=io.StringIO())

    assert not User.objects.exists()
    assert not Edition.objects.exists()


# The seeds name real people (table hosts, an alderman, a contact person, a resident). The demo
# invents its own people. To check that without copying those names into the repository, the test
# keeps only a short SHA-256 prefix of each of their first names and surnames (lower case).
SEED_PERSON_NAME_HASHES = {
    "50a4915497ac3107", "8871d2c6e8c0253d", "b75060bf3bdd37dc", "47cbef7f27822b21", "360e35f612266de7",
    "23c3a2f829e5fc8e", "a1525b92e7f78a77", "ffeb77376f63350d", "25adf16231151a78", "64b5aa4545c69705",
    "d38a9c3ea00e94dc", "80b7ff16ded9c758", "628612b803c647a7", "f81b85b8dbb1881d", "4eeaa32dde86bae2",
    "84313ef39b0a979f", "a3e1f4935b0919b3",
}  # fmt: skip


def _all_demo_words():
    words = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, (CharField, TextField))]
        for row in model._default_manager.values_list(*fields) if fields else []:
            for value in row:
                words.update(re.findall(r"\w+", str(value or "").lower()))
    return words


def test_demo_names_no_private_person_from_the_seeds():
    call_command("load_demo", stdout=io.StringIO())

    words = _all_demo_words()
    found = {word for word in words if hashlib.sha256(word.encode()).hexdigest()[:16] in SEED_PERSON_NAME_HASHES}

    assert "heumen" in words and "zorgalliantie" in words  # the check reads the demo's text
    assert found == set()


def test_demo_keeps_a_coming_edition_with_an_open_round_as_time_goes_by(monkeypatch):
    """Loaded again months later, the demo still has an edition to register for and a round to vote in."""
    from django.utils import timezone

    from themes.models import VotingRound

    real_now = timezone.now
    call_command("load_demo", stdout=io.StringIO())
    first = upcoming_edition()
    later = first.starts_at + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    call_command("load_demo", stdout=io.StringIO())

    coming = upcoming_edition()
    assert coming is not None and coming != first
    assert coming.starts_at >= later + timedelta(weeks=10)
    assert coming.registration_is_open()
    assert VotingRound.objects.get(conference=coming).is_open()
    assert real_now() < later


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
    from conference.models import Edition, TableTalk

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    urls = ["/", "/edities/", "/terugblikken/", "/terugblikken/2023-oktober-heumen-voor-iedereen/", "/edities.ics"]
    urls += [edition.get_absolute_url() for edition in Edition.objects.all()]
    urls += [table.get_absolute_url() for table in TableTalk.objects.all()]

    statuses = {url: client.get(url).status_code for url in urls}

    assert set(statuses.values()) == {200}
