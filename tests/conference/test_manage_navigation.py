"""The coordinator's menu comes from one partial: the same items on every management page."""

import re

import pytest
from django.urls import reverse

from conference.templatetags.portal import MANAGE_NAVIGATION
from tests.factories import EditionFactory

MENU = [name for name, _label, _section in MANAGE_NAVIGATION]


def _menu(html: str) -> list[tuple[str, bool, bool]]:
    """(url, shown as active, aria-current) for each item of the management menu."""
    nav = re.search(r'<ul class="nav nav-pills flex-wrap">.*?</ul>', html, re.S).group(0)
    return [
        (url, "active" in classes, bool(current))
        for classes, url, current in re.findall(
            r'<a class="nav-link([^"]*)" href="([^"]*)"\s*(aria-current="page")?>', nav
        )
    ]


def _marked(menu):
    return [(url, active, current) for url, active, current in menu if active or current]


@pytest.mark.parametrize("url_name", MENU)
def test_every_management_page_has_the_same_menu_with_its_own_item_current(coordinator_client, url_name):
    menu = _menu(coordinator_client.get(reverse(url_name)).content.decode())

    assert [url for url, _active, _current in menu] == [reverse(name) for name in MENU]
    assert _marked(menu) == [(reverse(url_name), True, True)]


def test_an_edition_page_marks_editions_active_without_claiming_to_be_that_page(coordinator_client):
    edition = EditionFactory()

    menu = _menu(coordinator_client.get(reverse("conference:manage_edition", args=[edition.slug])).content.decode())

    assert _marked(menu) == [(reverse("conference:manage_editions"), True, False)]


def test_the_theme_pages_are_linked_the_same_way_from_the_dashboard_and_the_queue(coordinator_client):
    links = [
        reverse("themes:rounds"),
        reverse("themes:recurring"),
        reverse("themes:record_session_pick"),
    ]
    for page in (reverse("conference:manage"), reverse("themes:queue")):
        html = coordinator_client.get(page).content.decode()
        assert [f'<li><a href="{link}">' in html for link in links] == [True, True, True], page
