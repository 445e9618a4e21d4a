"""The coordinator's menu comes from one partial: the same items on every management page."""

import re

import pytest
from django.urls import reverse

from tests.factories import EditionFactory

MENU = ["Overzicht", "Edities", "Mensen en rollen", "Organisaties", "Andere organisatoren", "Organisator"]


def _menu(html: str) -> list[tuple[str, bool, bool]]:
    """(label, shown as active, aria-current) for each item of the management menu."""
    nav = re.search(r'<nav aria-label="Beheer".*?</nav>', html, re.S).group(0)
    return [
        (label, "active" in classes, bool(current))
        for classes, current, label in re.findall(
            r'<a class="nav-link([^"]*)" href="[^"]*"\s*(aria-current="page")?>([^<]+)</a>', nav
        )
    ]


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("conference:manage", "Overzicht"),
        ("conference:manage_editions", "Edities"),
        ("conference:manage_users", "Mensen en rollen"),
        ("conference:manage_organisations", "Organisaties"),
        ("conference:manage_organisers", "Andere organisatoren"),
        ("conference:manage_site", "Organisator"),
    ],
)
def test_every_management_page_has_the_same_menu_with_its_own_item_current(coordinator_client, url_name, current):
    menu = _menu(coordinator_client.get(reverse(url_name)).content.decode())

    assert [label for label, _active, _current in menu] == MENU
    assert [(label, active, is_current) for label, active, is_current in menu if active or is_current] == [
        (current, True, True)
    ]


def test_an_edition_page_marks_editions_active_without_claiming_to_be_that_page(coordinator_client):
    edition = EditionFactory()

    menu = _menu(coordinator_client.get(reverse("conference:manage_edition", args=[edition.slug])).content.decode())

    assert [(label, active, is_current) for label, active, is_current in menu if active or is_current] == [
        ("Edities", True, False)
    ]


def test_the_theme_pages_are_linked_the_same_way_from_the_dashboard_and_the_queue(coordinator_client):
    links = [
        reverse("themes:rounds"),
        reverse("themes:recurring"),
        reverse("themes:record_session_pick"),
    ]
    for page in (reverse("conference:manage"), reverse("themes:queue")):
        html = coordinator_client.get(page).content.decode()
        assert [f'<li><a href="{link}">' in html for link in links] == [True, True, True], page
