"""What the index holds: every kind is found, only by those who may see it, and it follows every change."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from conference import search
from conference import services as conference_services
from conference.models import Outcome, Recap, SearchDocument, Session
from tests.conference.factories import OutcomeFactory, RecapFactory, SessionFactory, TableTalkFactory
from tests.factories import CoordinatorFactory, EditionFactory, OrganisationFactory, PartnerFactory, UserFactory
from tests.search.conftest import found
from tests.themes.factories import ThemeFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory
from themes import services as theme_services
from themes.models import Theme
from workgroups import services as workgroup_services

pytestmark = pytest.mark.django_db


def _published_report(edition, **fields):
    """A report through the services: saved, submitted and published (by a coordinator)."""
    workgroup = WorkgroupFactory(name="Werkgroep Ontmoeting")
    report = workgroup_services.save_report(
        workgroup=workgroup, conference=edition, author=PartnerFactory(), summary="Een goed jaar.", **fields
    )
    workgroup_services.submit_report(report=report)
    return workgroup_services.publish_report(report=report, notify=False)


def test_each_kind_is_found_by_a_word_of_its_own(past_edition):
    edition = EditionFactory(title="Werkconferentie Zonnebloem", description="Over **regenboogvissen**.")
    session = SessionFactory(conference=edition, title="Keuzesessie", description="We praten over kaleidoscopen.")
    theme = ThemeFactory(conference=edition, title="Vlindertuinen in de wijk")
    table = TableTalkFactory(conference=edition, title="Tafel over tuinen")
    outcome = OutcomeFactory(
        table_talk=table, text="Een moestuinproject bij de school", status=Outcome.Status.PUBLISHED
    )
    workgroup = WorkgroupFactory(name="Werkgroep Bijenhotels", focus="Bijen helpen.")
    recap = RecapFactory(conference=edition, introduction="We keken naar de sterrenhemel.")
    report = _published_report(past_edition, achievements="Een knutselmiddag")
    workgroup_services.record_decision(
        report=report,
        decided_by=CoordinatorFactory(),
        decision="green_light",
        note="Door met de trampolinepark.",
        notify=False,
    )

    assert found("zonnebloem") == [("edition", edition.pk)]
    assert found("regenboogvissen") == [("edition", edition.pk)]
    assert found("kaleidoscopen") == [("session", session.pk)]
    assert found("vlindertuinen") == [("theme", theme.pk)]
    assert found("moestuinproject") == [("outcome", outcome.pk)]
    assert found("bijenhotels") == [("workgroup", workgroup.pk)]
    assert found("sterrenhemel") == [("recap", recap.pk)]
    assert found("knutselmiddag") == [("report", report.pk)]
    assert found("trampolinepark") == [("decision", report.pk)]


def test_a_word_only_in_the_quick_wins_of_a_published_report_finds_that_report(past_edition):
    report = _published_report(past_edition, quick_wins=[{"text": "Een speeltuinbankje geplaatst"}])
    other = _published_report(EditionFactory(), quick_wins=[{"text": "Een folder gemaakt"}])

    assert found("speeltuinbankje") == [("report", report.pk)]
    assert found("folder") == [("report", other.pk)]


def test_next_steps_of_a_report_are_found_and_changes_to_them_too(past_edition):
    report = _published_report(past_edition, next_steps=[{"text": "Een buurtbarbecue organiseren"}])
    assert found("buurtbarbecue") == [("report", report.pk)]

    workgroup_services.save_report(
        workgroup=report.workgroup,
        conference=past_edition,
        author=CoordinatorFactory(),
        report=report,
        next_steps=[{"text": "Een wandelroute uitzetten"}],
    )

    assert found("buurtbarbecue") == []
    assert found("wandelroute") == [("report", report.pk)]


def test_session_hosts_and_their_organisation_are_found():
    session = SessionFactory(title="Openingssessie")
    organisation = OrganisationFactory(name="Stichting Kompasroos")
    session.hosts.create(name="Mira Vogelzang", organisation=organisation)

    assert found("vogelzang") == [("session", session.pk)]
    assert found("kompasroos") == [("session", session.pk)]

    organisation.name = "Stichting Windroos"
    organisation.save()
    assert found("kompasroos") == []
    assert found("windroos") == [("session", session.pk)]


def test_breaks_are_not_searchable():
    SessionFactory(title="Koffiepauze met taart", kind=Session.Kind.BREAK)

    assert found("koffiepauze", CoordinatorFactory()) == []


def test_recap_sections_are_found_and_follow_edits():
    recap = RecapFactory()
    section = recap.sections.create(heading="Vooruitblik", body="Op naar de **lampionnenoptocht**.")
    assert found("lampionnenoptocht") == [("recap", recap.pk)]

    section.delete()
    assert found("lampionnenoptocht") == []


def _hidden_things(past_edition) -> dict[str, tuple[str, int]]:
    hidden_edition = EditionFactory(title="Geheime werkconferentie", is_published=False)
    session = SessionFactory(conference=hidden_edition, title="Geheime sessie")
    report = ProgressReportFactory(conference=past_edition, summary="Geheime voortgang")
    theme = ThemeFactory(title="Geheim thema", status=Theme.Status.SUBMITTED)
    outcome = OutcomeFactory(text="Geheime opbrengst")
    return {
        "draft report": ("report", report.pk),
        "unpublished edition": ("edition", hidden_edition.pk),
        "session of unpublished edition": ("session", session.pk),
        "submitted theme": ("theme", theme.pk),
        "draft outcome": ("outcome", outcome.pk),
    }


@pytest.mark.parametrize("role", ["anonymous", "resident", "partner"])
def test_what_is_not_published_is_never_found_by_the_public(past_edition, role):
    things = _hidden_things(past_edition)
    user = {"anonymous": AnonymousUser(), "resident": UserFactory(), "partner": PartnerFactory()}[role]

    assert len(things) == 5
    assert found("geheim", user) == []


def test_coordinators_find_what_is_not_published(past_edition):
    things = _hidden_things(past_edition)

    assert sorted(found("geheim", CoordinatorFactory())) == sorted(things.values())


def test_themes_of_an_unpublished_edition_stay_hidden_until_it_is_published():
    edition = EditionFactory(is_published=False)
    theme = ThemeFactory(conference=edition, title="Dorpsmoestuin")
    session = SessionFactory(conference=edition, title="Dorpsmoestuin bezoeken")
    assert found("dorpsmoestuin") == []

    conference_services.set_edition_published(conference=edition, published=True)
    assert sorted(found("dorpsmoestuin")) == sorted([("theme", theme.pk), ("session", session.pk)])

    conference_services.set_edition_published(conference=edition, published=False)
    assert found("dorpsmoestuin") == []


def test_publishing_a_theme_makes_it_findable():
    theme = ThemeFactory(title="Speelplekken voor tieners", status=Theme.Status.SUBMITTED)
    assert found("tieners") == []

    theme_services.publish_theme(theme=theme)

    assert found("tieners") == [("theme", theme.pk)]


def test_publishing_and_taking_back_outcomes_flips_their_visibility():
    table = TableTalkFactory(title="Tafel jeugd")
    outcome = OutcomeFactory(table_talk=table, text="Een skatebaan bij het dorpshuis")
    assert found("skatebaan") == []

    conference_services.set_outcomes_published(outcomes=table.outcomes.all(), published=True)
    assert found("skatebaan") == [("outcome", outcome.pk)]

    conference_services.set_outcomes_published(outcomes=table.outcomes.all(), published=False)
    assert found("skatebaan") == []


def test_a_report_is_found_once_published_and_its_decision_with_it(past_edition):
    workgroup = WorkgroupFactory()
    report = workgroup_services.save_report(
        workgroup=workgroup,
        conference=past_edition,
        author=PartnerFactory(),
        summary="Wij bouwden een jeu-de-boulesbaan.",
    )
    workgroup_services.submit_report(report=report)
    workgroup_services.record_decision(
        report=report,
        decided_by=CoordinatorFactory(),
        decision="continue",
        note="Graag verder met de boulesbaan.",
        notify=False,
    )
    assert found("boulesbaan") == []
    assert sorted(found("boulesbaan", CoordinatorFactory())) == [("decision", report.pk), ("report", report.pk)]

    workgroup_services.publish_report(report=report, notify=False)

    assert sorted(found("boulesbaan")) == [("decision", report.pk), ("report", report.pk)]
    assert found("doorgaan") == [("decision", report.pk)]  # the decision's label, in Dutch


def test_a_recap_is_found_once_published():
    recap = RecapFactory(status=Recap.Status.DRAFT, introduction="Het was een feest met de fanfare.")
    assert found("fanfare") == []

    conference_services.set_recap_published(recap=recap, published=True, user=CoordinatorFactory())

    assert found("fanfare") == [("recap", recap.pk)]


def test_deleting_removes_the_document():
    table = TableTalkFactory()
    outcome = OutcomeFactory(table_talk=table, text="Een jeugdraad oprichten", status=Outcome.Status.PUBLISHED)
    assert found("jeugdraad") == [("outcome", outcome.pk)]

    conference_services.delete_outcome(outcome=outcome)

    assert found("jeugdraad") == []
    assert SearchDocument.objects.filter(kind="outcome").count() == 0


def test_e_mail_addresses_are_never_indexed():
    edition = EditionFactory(
        contact_email="britt@example.org",
        description="Mail naar [Britt](mailto:britt@example.org) of britt@example.org.",
    )
    ThemeFactory(conference=edition, description="Vragen? anna.de.vries@example.nl")

    texts = SearchDocument.objects.values_list("title", "secondary", "body")
    assert len(texts) == 2
    assert not any("@" in text for row in texts for text in row)
    assert found("example") == []


def test_filter_by_kind_and_edition_with_counts_per_kind():
    first, second = EditionFactory(title="Editie een"), EditionFactory(title="Editie twee")
    theme = ThemeFactory(conference=first, title="Wandelen met de buurt")
    other_theme = ThemeFactory(conference=second, title="Wandelen in het bos")
    session = SessionFactory(conference=first, title="Wandeling door het dorp")

    results = search.search(query="wandel", user=AnonymousUser())
    assert results.counts == {"theme": 2, "session": 1}
    assert results.total == 3

    assert sorted(found("wandel", kind="theme")) == sorted([("theme", theme.pk), ("theme", other_theme.pk)])
    assert sorted(found("wandel", edition=first)) == sorted([("theme", theme.pk), ("session", session.pk)])
    assert found("wandel", kind="session", edition=second) == []


def test_every_word_of_the_query_must_match():
    wanted = ThemeFactory(title="Sporten voor ouderen")
    ThemeFactory(title="Sporten voor jongeren")

    assert found("ouderen sporten") == [("theme", wanted.pk)]


def test_rebuild_command_builds_the_index_anew(past_edition):
    ThemeFactory(title="Bibliotheek aan huis")
    report = _published_report(past_edition, quick_wins=[{"text": "Leesclub gestart"}])
    before = sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "body", "is_public"))
    SearchDocument.objects.all().delete()

    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "body", "is_public"))
    assert after == before
    assert [kind for kind, *_rest in after] == ["edition", "edition", "report", "theme", "workgroup"]
    assert found("leesclub") == [("report", report.pk)]


def test_report_dates_and_editions_are_those_it_was_presented_at(past_edition):
    report = _published_report(past_edition, quick_wins=[{"text": "Tuinfeest"}])

    document = SearchDocument.objects.get(kind="report", object_id=report.pk)
    assert document.edition == past_edition
    assert document.happened_on == timezone.localtime(past_edition.starts_at).date()
    assert document.title == f"Werkgroep Ontmoeting – {past_edition.title}"  # noqa: RUF001
    assert document.get_absolute_url() == report.get_absolute_url()


def test_a_stopped_workgroup_stays_findable(past_edition):
    report = _published_report(past_edition)
    workgroup_services.record_decision(report=report, decided_by=CoordinatorFactory(), decision="stop", notify=False)

    assert found("ontmoeting", kind="workgroup") == [("workgroup", report.workgroup.pk)]


def test_outcome_titles_are_the_first_line_cut_at_a_word():
    text = "Ouders handvaten aanreiken om in gesprek te gaan met hun kind, " * 4 + "\nTweede regel"
    outcome = OutcomeFactory(text=text, status=Outcome.Status.PUBLISHED)

    title = SearchDocument.objects.get(kind="outcome", object_id=outcome.pk).title
    assert len(title) <= 120
    assert title.endswith("…")
    assert text.startswith(title[:-1])
