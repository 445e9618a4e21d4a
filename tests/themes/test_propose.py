import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import EditionFactory, OrganisationFactory
from tests.themes.factories import ThemeFactory
from themes import selectors, services
from themes.models import Theme

pytestmark = pytest.mark.django_db

FORM = {"title": "Sport voor iedereen", "description": "Bewegen in de buitenlucht.", "target_group": "ouderen"}


def test_propose_page_stores_a_submitted_theme(resident_client, resident):
    edition = EditionFactory()

    response = resident_client.post(reverse("themes:propose"), {**FORM, "conference": edition.pk})

    theme = Theme.objects.get()
    assert response.status_code == 302
    assert (theme.status, theme.submitted_by, theme.conference) == (Theme.Status.SUBMITTED, resident, edition)


def test_propose_page_sends_visitors_to_login(client):
    response = client.get(reverse("themes:propose"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_similar_themes_find_a_reworded_title():
    edition = EditionFactory()
    existing = ThemeFactory(conference=edition, title="Mentale weerbaarheid jongeren (12-23 jaar)")
    ThemeFactory(conference=edition, title="Parkeren bij het gemeentehuis")

    found = selectors.similar_themes(title="Jongeren mentaal weerbaarder maken", edition=edition)

    assert found == [existing]


def test_similar_themes_leave_out_unpublished_and_later_themes():
    earlier = EditionFactory()
    later = EditionFactory(starts_at=earlier.starts_at.replace(year=earlier.starts_at.year + 1))
    ThemeFactory(conference=earlier, title="Eenzaamheid onder ouderen", status=Theme.Status.SUBMITTED)
    ThemeFactory(conference=later, title="Eenzaamheid onder ouderen doorbreken")
    kept = ThemeFactory(conference=earlier, title="Eenzaamheid bij ouderen aanpakken", status=Theme.Status.NOT_CHOSEN)

    assert selectors.similar_themes(title="Eenzaamheid van ouderen", edition=earlier) == [kept]


def test_propose_page_asks_for_confirmation_when_a_similar_theme_exists(resident_client):
    edition = EditionFactory()
    existing = ThemeFactory(conference=edition, title="Mentale weerbaarheid jongeren (12-23 jaar)")
    data = {**FORM, "title": "Weerbaarheid van jongeren", "conference": edition.pk}

    first = resident_client.post(reverse("themes:propose"), data)
    stored_after_first = Theme.objects.count()
    second = resident_client.post(reverse("themes:propose"), {**data, "confirm": "True"})

    assert first.status_code == 200
    assert first.context["suggestions"] == [existing]
    assert stored_after_first == 1
    assert second.status_code == 302
    assert Theme.objects.count() == 2


def test_similar_fragment_lists_suggestions(client):
    edition = EditionFactory()
    existing = ThemeFactory(conference=edition, title="Verdraagzaamheid en verbinding: samen in gesprek")

    response = client.get(
        reverse("themes:similar"), {"title": "samen in gesprek over verbinding"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.context["suggestions"] == [existing]
    assert "<html" not in html and existing.title in html
    # Whoever saw the suggestions while typing skips the confirmation step: htmx swaps this field in.
    assert '<input type="hidden" name="confirm" value="True" id="id_confirm" hx-swap-oob="true">' in html


def test_similar_fragment_is_empty_without_a_match(client):
    EditionFactory()

    response = client.get(reverse("themes:similar"), {"title": "iets heel anders"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_similar_without_htmx_sends_people_to_the_form(client):
    response = client.get(reverse("themes:similar"), {"title": "samen in gesprek over verbinding"})

    assert (response.status_code, response.url) == (302, reverse("themes:propose"))


def test_the_title_field_asks_for_similar_themes_through_htmx(resident_client):
    EditionFactory()

    html = resident_client.get(reverse("themes:propose")).content.decode()

    assert f'hx-get="{reverse("themes:similar")}"' in html
    assert 'hx-target="#similar-themes"' in html and 'hx-include="#id_conference"' in html
    assert 'id="similar-themes" class="theme-similar" aria-live="polite"' in html
    assert 'id="id_confirm"' in html and "hx-swap-oob" not in html  # the page itself has one confirm field


def test_proposals_are_limited_per_person_per_day(resident):
    edition = EditionFactory()
    for number in range(services.PROPOSALS_PER_DAY):
        services.propose_theme(proposer=resident, conference=edition, title=f"Idee {number}", description="Uitleg")

    with pytest.raises(ValidationError) as error:
        services.propose_theme(proposer=resident, conference=edition, title="Nog een idee", description="Uitleg")

    assert error.value.messages == ["You can propose at most 5 themes a day. Please try again tomorrow."]
    assert Theme.objects.count() == services.PROPOSALS_PER_DAY


def test_propose_page_shows_the_limit_message(resident_client, resident):
    edition = EditionFactory()
    ThemeFactory.create_batch(services.PROPOSALS_PER_DAY, conference=edition, submitted_by=resident)

    response = resident_client.post(reverse("themes:propose"), {**FORM, "conference": edition.pk})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You can propose at most 5 themes a day. Please try again tomorrow."
    ]
    assert Theme.objects.count() == services.PROPOSALS_PER_DAY


def test_propose_on_behalf_of_an_organisation_needs_membership(resident):
    edition = EditionFactory()

    with pytest.raises(ValidationError, match="on behalf of an organisation you belong to"):
        services.propose_theme(
            proposer=resident,
            conference=edition,
            title="Idee",
            description="Uitleg",
            organisation=OrganisationFactory(),
        )

    assert Theme.objects.count() == 0


def test_propose_for_a_past_edition_is_refused(resident):
    edition = EditionFactory(starts_at=EditionFactory().starts_at.replace(year=2020))

    with pytest.raises(ValidationError, match="for an edition that is still to come"):
        services.propose_theme(proposer=resident, conference=edition, title="Idee", description="Uitleg")

    assert Theme.objects.count() == 0
