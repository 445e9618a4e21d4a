"""The open-data page and its downloads: public data only, per edition or all, with the licence."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conference import services
from conference.models import SiteSettings, User
from conference.models.site import DataLicence
from opendata.datasets import DATASETS
from tests.opendata.conftest import SECRETS

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the project's CSV helper: a BOM for spreadsheet programs
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_page_offers_every_dataset_with_the_licence_and_is_linked_from_every_page(client, world):
    home = client.get("/").content.decode()
    page = client.get("/open-data/")
    html = page.content.decode()

    assert 'href="/open-data/"' in home
    assert 'href="/open-data/api/"' in home
    assert page.status_code == 200
    assert 'rel="license">CC0 1.0: geen rechten voorbehouden' in html
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in html
    for slug in DATASETS:
        assert f'href="/open-data/{slug}.csv"' in html
        assert f'href="/open-data/{slug}.json"' in html
    assert 'href="/open-data/alles.json"' in html


def test_choosing_an_edition_scopes_the_links_to_it_and_leaves_out_what_has_no_edition(client, world):
    html = client.get("/open-data/", {"editie": "voorjaar"}).content.decode()
    hidden = client.get("/open-data/", {"editie": "verborgen-editie"}).content.decode()

    assert 'href="/open-data/themas.csv?editie=voorjaar"' in html
    assert "organisaties.csv" not in html
    assert "Verborgen editie" not in hidden
    assert 'href="/open-data/themas.csv?editie=verborgen-editie"' not in hidden  # not a choice: the form refuses


def test_every_download_holds_public_data_only(client, world):
    everything = ""
    for slug, dataset in DATASETS.items():
        as_csv = client.get(f"/open-data/{slug}.csv")
        as_json = client.get(f"/open-data/{slug}.json")
        rows = _csv(as_csv)

        assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
        assert as_csv["Link"] == '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'
        assert list(rows[0]) == list(dataset.columns), slug
        for row in as_json.json()["datasets"][slug]:
            assert list(row) == list(dataset.columns), slug
            assert all(value is None or isinstance(value, str | int | float | bool) for value in row.values())
        everything += as_csv.content.decode() + as_json.content.decode()
    everything += client.get("/open-data/alles.json").content.decode()

    assert "Eenzaamheid doorbreken" in everything
    for secret in SECRETS:
        assert secret not in everything, secret
    for email in User.objects.values_list("email", flat=True):
        assert email not in everything


def test_an_open_round_and_its_tally_stay_out_of_the_downloads(client, world):
    themes = {row["title"]: row for row in _csv(client.get("/open-data/themas.csv"))}
    results = _csv(client.get("/open-data/uitslagen.csv"))

    assert themes["Open stemming thema"]["votes"] == ""
    assert themes["Eenzaamheid doorbreken"]["votes"] == "3"
    assert [(r["edition"], r["rank"], r["title"], r["votes"]) for r in results] == [
        ("voorjaar", "1", "Eenzaamheid doorbreken", "3")
    ]


def test_a_download_per_edition_holds_only_that_edition(client, world):
    themes = _csv(client.get("/open-data/themas.csv", {"editie": "najaar"}))
    document = client.get("/open-data/alles.json", {"editie": "voorjaar"}).json()

    assert [row["title"] for row in themes] == ["Open stemming thema"]
    assert document["edition"] == "voorjaar"
    assert {row["edition"] for row in document["datasets"]["programma"]} <= {"voorjaar"}
    assert [row["slug"] for row in document["datasets"]["edities"]] == ["voorjaar"]
    assert [row["slug"] for row in document["datasets"]["werkgroepen"]] == ["eenzaamheid"]
    assert "organisaties" not in document["datasets"]
    assert document["licence"] == {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert document["publisher"] == SiteSettings.load().name


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/themas.csv?editie=verborgen-editie",
        "/open-data/themas.csv?editie=bestaat-niet",
        "/open-data/organisaties.csv?editie=voorjaar",
        "/open-data/gebruikers.csv",
        "/open-data/alles.csv",
        "/open-data/alles.json?editie=verborgen-editie",
    ],
)
def test_hidden_editions_unknown_data_and_editions_of_data_without_one_answer_404(client, world, url):
    assert client.get(url).status_code == 404


def test_a_download_only_answers_reading(client, world):
    assert client.post("/open-data/themas.csv").status_code == 405


def test_the_organising_body_chooses_the_licence(client, coordinator_client, world):
    form = coordinator_client.get(reverse("conference:manage_site")).content.decode()

    services.save_site_settings(data_licence=DataLicence.CC_BY)
    page = client.get("/open-data/").content.decode()
    download = client.get("/open-data/edities.json")

    assert 'name="data_licence"' in form
    assert "CC BY 4.0: vrij te gebruiken, met vermelding van de bron" in page
    assert download.json()["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert download["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_a_new_site_publishes_under_cc0():
    site = SiteSettings()

    assert site.data_licence == DataLicence.CC0
    assert (site.licence_name, site.licence_url) == ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/")


def test_a_licence_that_is_not_offered_is_refused_and_nothing_changes(world):
    with pytest.raises(ValidationError, match="geen geldige keuze"):
        services.save_site_settings(data_licence="GPL-3.0")

    assert SiteSettings.objects.get().data_licence == DataLicence.CC0
