"""The API shows exactly what an anonymous visitor sees on the pages, and nothing else.

The walk starts at every list of the OpenAPI description, follows every page and every item to its
detail, and collects every answer. No draft, no proposal that was not published, no open round's tally,
no edition in preparation and no e-mail address may be in any of them. Then every object in the database
is asked for twice, as a visitor: through the API and through its page. Both answer, or neither does.
"""

import json

import pytest

from conference.models import Edition, Recap, TableTalk, User
from tests.opendata.conftest import SECRETS
from themes.models import Theme, VotingRound
from workgroups.models import ProgressReport, Workgroup

pytestmark = pytest.mark.django_db

DETAIL_KEYS = {
    "/api/v1/editions": ("/api/v1/editions/{}", "slug"),
    "/api/v1/organisations": ("/api/v1/organisations/{}", "slug"),
    "/api/v1/table-talks": ("/api/v1/table-talks/{}", "id"),
    "/api/v1/recaps": ("/api/v1/recaps/{}", "slug"),
    "/api/v1/themes": ("/api/v1/themes/{}", "id"),
    "/api/v1/voting-rounds": ("/api/v1/voting-rounds/{}", "id"),
    "/api/v1/workgroups": ("/api/v1/workgroups/{}", "slug"),
    "/api/v1/reports": ("/api/v1/reports/{}", "id"),
    "/api/v1/commitments": None,
    "/api/v1/next-edition": None,
}


def _walk(client) -> dict[str, dict]:
    """Every answer the API gives a visitor, by address."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    starts = [path for path in paths if "{" not in path]
    assert sorted(starts) == sorted(DETAIL_KEYS)
    answers = {}
    for start in starts:
        url = start + ("?page_size=2" if start != "/api/v1/next-edition" else "")
        while url:
            response = client.get(url)
            assert response.status_code == 200, url
            answers[url] = document = response.json()
            url = document.get("next")
            for item in document.get("items", []):
                if DETAIL_KEYS[start]:
                    template, key = DETAIL_KEYS[start]
                    detail = template.format(item[key])
                    answers[detail] = client.get(detail).json()
    return answers


def test_the_walk_finds_public_data_and_nothing_a_visitor_may_not_see(client, world):
    answers = _walk(client)
    text = json.dumps(answers, ensure_ascii=False)

    assert "Eenzaamheid doorbreken" in text
    assert "Een ontmoetingsmaand" in text
    assert "Keuzesessie bibliotheek" in text
    assert "Terugblik voorjaar" in text
    for secret in SECRETS:
        assert secret not in text, secret
    for email in User.objects.values_list("email", flat=True):
        assert email not in text
    assert "@" not in text


def test_an_open_round_keeps_its_tally_secret(client, world):
    answers = _walk(client)
    themes = {t["title"]: t for doc in answers.values() for t in doc.get("items", []) if "votes" in t}
    rounds = [doc for url, doc in answers.items() if url.startswith("/api/v1/voting-rounds/")]

    assert themes["Open stemming thema"]["votes"] is None
    assert themes["Eenzaamheid doorbreken"]["votes"] == 3
    assert [r["id"] for r in rounds] == [world["closed_round"].pk]
    assert client.get(f"/api/v1/voting-rounds/{world['open_round'].pk}").status_code == 404


def _pairs(world):
    """(API address, page address) for every object of every kind in the database."""
    for edition in Edition.objects.all():
        yield f"/api/v1/editions/{edition.slug}", edition.get_absolute_url()
    for theme in Theme.objects.all():
        yield f"/api/v1/themes/{theme.pk}", theme.get_absolute_url()
    for table in TableTalk.objects.all():
        yield f"/api/v1/table-talks/{table.pk}", table.get_absolute_url()
    for recap in Recap.objects.all():
        yield f"/api/v1/recaps/{recap.conference.slug}", recap.get_absolute_url()
    for round_ in VotingRound.objects.all():
        yield f"/api/v1/voting-rounds/{round_.pk}", f"/themas/stemrondes/{round_.pk}/uitslag/"
    for workgroup in Workgroup.objects.all():
        yield f"/api/v1/workgroups/{workgroup.slug}", workgroup.get_absolute_url()
    for report in ProgressReport.objects.all():
        yield f"/api/v1/reports/{report.pk}", report.get_absolute_url()


def test_the_api_answers_for_an_object_exactly_when_its_page_does_for_a_visitor(client, world):
    seen = {True: 0, False: 0}
    for api_url, page_url in _pairs(world):
        api = client.get(api_url).status_code
        page = client.get(page_url).status_code

        assert api in (200, 404), api_url
        assert (api == 200) == (page == 200), (api_url, api, page_url, page)
        seen[api == 200] += 1

    assert seen == {True: 11, False: 11}  # the public objects of the world, and the hidden ones


def test_every_address_the_api_gives_opens_a_page_for_a_visitor(client, world):
    urls = set()

    def collect(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "url":
                    urls.add(inner)
                collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)

    collect(_walk(client))

    assert len(urls) == 13  # editions, a session, an organisation, themes, table, recap, round, groups, report
    for url in urls:
        assert url.startswith("http://testserver/")
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
