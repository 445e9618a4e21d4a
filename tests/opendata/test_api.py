"""The public API: its description, what a partner site does with it, paging, filters, caching and CORS."""

from datetime import timedelta

import pytest
from django.utils import timezone

from themes.models import Theme
from workgroups.models import Goal, ProgressReport

pytestmark = pytest.mark.django_db


def _operations(client) -> dict:
    """operationId → (path, operation) from the OpenAPI document: all a partner needs to know."""
    document = client.get("/api/v1/openapi.json").json()
    return {
        operation["operationId"]: (path, operation)
        for path, methods in document["paths"].items()
        for operation in methods.values()
    }


def test_the_description_is_openapi_3_1_in_dutch_with_english_on_request(client):
    dutch = client.get("/api/v1/openapi.json").json()
    english = client.get("/api/v1/openapi.json", {"lang": "en"}).json()

    assert dutch["openapi"] == "3.1.0"
    assert dutch["info"]["description"].startswith("Alleen lezen: alles wat een bezoeker")
    votes = dutch["components"]["schemas"]["ThemeOut"]["properties"]["votes"]
    assert votes["description"] == "Aantal stemmen; null zolang de uitslag van de stemronde niet openbaar is."
    assert english["components"]["schemas"]["ThemeOut"]["properties"]["votes"]["description"].startswith(
        "Votes received"
    )
    assert set(dutch["paths"]) == set(english["paths"])
    only_get = {method for methods in dutch["paths"].values() for method in methods}
    assert only_get == {"get"}


def test_a_partner_site_finds_the_coming_edition_chosen_themes_and_latest_report_from_the_description(client, world):
    operations = _operations(client)

    path, _operation = operations["next_edition"]
    edition = client.get(path).json()
    themes_path, themes_operation = operations["theme_list"]
    status_values = next(p for p in themes_operation["parameters"] if p["name"] == "status")["schema"]["anyOf"][0]
    chosen = client.get(themes_path, {"status": "chosen"}).json()
    workgroup_path, _operation = operations["workgroup_detail"]
    workgroup = client.get(workgroup_path.replace("{slug}", "eenzaamheid")).json()
    report_path, _operation = operations["report_detail"]
    report = client.get(report_path.replace("{pk}", str(workgroup["reports"][0]["id"]))).json()

    assert edition["slug"] == "najaar"
    session = edition["programme"][0]
    assert session["title"] == "Keuzesessie bibliotheek"
    assert session["hosts"] == [
        {
            "name": "Sanne Smits",
            "organisation": {"slug": "bibliotheek", "name": "Bibliotheek Heumen"},
            "role": "speaker",
            "role_label": "Spreker",
        }
    ]
    assert "chosen" in status_values["enum"]
    assert [(t["title"], t["votes"]) for t in chosen["items"]] == [("Eenzaamheid doorbreken", 3)]
    assert report["id"] == world["report"].pk
    assert report["decision"] == "continue"
    assert report["quick_wins"] == [{"text": "Eerste bijeenkomst", "done_on": None}]
    assert report["goal_updates"][0]["goal_title"] == "Maand van de ontmoeting"


def test_the_latest_published_report_comes_first(client, world):
    older = world["report"]
    newer = ProgressReport.objects.create(
        workgroup=world["workgroup"],
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        summary="Halfjaarbericht",
        status=ProgressReport.Status.PUBLISHED,
    )

    reports = client.get("/api/v1/workgroups/eenzaamheid").json()["reports"]

    assert [r["id"] for r in reports] == [newer.pk, older.pk]
    assert reports[0]["edition"] is None


def test_lists_page_through_every_item_once_in_a_fixed_order(client, world):
    first = client.get("/api/v1/themes", {"page_size": 1}).json()
    seen, url = [], "/api/v1/themes?page_size=1"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]

    assert first["count"] == first["pages"] == len(seen) == len(set(seen)) == 3  # chosen, merged, open ballot
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/themes?page_size=1&page=2")
    assert client.get("/api/v1/themes", {"page_size": 1}).json()["items"] == first["items"]
    beyond = client.get("/api/v1/themes", {"page": 50})
    assert beyond.status_code == 200
    assert beyond.json()["items"] == []
    assert beyond.json()["previous"].endswith("page=1")


def test_filters_by_edition_status_and_time_of_change(client, world):
    long_ago = timezone.now() - timedelta(days=30)
    Theme.objects.exclude(pk=world["chosen"].pk).update(updated_at=long_ago)
    Goal.objects.update(updated_at=long_ago)
    ProgressReport.objects.update(updated_at=long_ago)
    world["workgroup"].__class__.objects.update(created_at=long_ago)
    since = (timezone.now() - timedelta(days=1)).isoformat()

    def slugs(path, key="slug", **query):
        return [item[key] for item in client.get(path, query).json()["items"]]

    assert slugs("/api/v1/editions", when="upcoming") == ["najaar"]
    assert slugs("/api/v1/editions", when="past") == ["voorjaar"]
    assert slugs("/api/v1/themes", "title", edition="najaar") == ["Open stemming thema"]
    assert slugs("/api/v1/themes", "title", status="merged") == ["Samengevoegd thema"]
    assert slugs("/api/v1/themes", "title", updated_since=since) == ["Eenzaamheid doorbreken"]
    assert slugs("/api/v1/workgroups", edition="voorjaar") == ["eenzaamheid"]
    assert slugs("/api/v1/workgroups", status="stopped") == []
    assert slugs("/api/v1/workgroups", updated_since=since) == []
    Goal.objects.update(updated_at=timezone.now())
    assert slugs("/api/v1/workgroups", updated_since=since) == ["eenzaamheid"]
    assert slugs("/api/v1/reports", "id", workgroup="eenzaamheid") == [world["report"].pk]
    assert slugs("/api/v1/reports", "id", updated_since=since) == []
    assert slugs("/api/v1/commitments", "edition", organisation="bibliotheek") == ["voorjaar"]
    assert slugs("/api/v1/voting-rounds", "id", edition="najaar") == []
    assert slugs("/api/v1/table-talks", "id", edition="voorjaar") == [world["table"].pk]


def test_wrong_parameters_are_refused_with_422_and_unknown_objects_with_a_dutch_404(client, world):
    assert client.get("/api/v1/themes", {"status": "submitted"}).status_code == 422
    assert client.get("/api/v1/themes", {"page_size": 101}).status_code == 422
    assert client.get("/api/v1/editions", {"updated_since": "1700000000"}).status_code == 422
    assert client.get("/api/v1/editions/geen%20slug").status_code == 422
    assert client.get("/api/v1/themes/0").status_code == 422
    missing = client.get("/api/v1/editions/bestaat-niet")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Op dit adres staat niets openbaars."}
    assert client.get("/api/v1/editions", {"updated_since": "0001-01-01T00:00:00+14:00"}).status_code == 200


def test_a_conditional_get_answers_304_until_the_data_changes(client, world):
    first = client.get("/api/v1/themes")
    etag = first["ETag"]

    again = client.get("/api/v1/themes", headers={"if-none-match": etag})
    Theme.objects.filter(pk=world["chosen"].pk).update(title="Eenzaamheid samen doorbreken")
    changed = client.get("/api/v1/themes", headers={"if-none-match": etag})

    assert first.status_code == 200
    assert first["Last-Modified"]
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_head_answers_like_get_without_a_body(client, world):
    get = client.get("/api/v1/editions")
    head = client.head("/api/v1/editions")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_cors_allows_reading_from_any_site_without_credentials_and_nothing_else(client, world):
    origin = {"origin": "https://bibliotheek.example.nl"}
    get = client.get("/api/v1/themes", headers=origin)
    preflight = client.options("/api/v1/themes", headers={**origin, "access-control-request-method": "GET"})
    before = Theme.objects.count()
    post = client.post("/api/v1/themes", {"title": "Van buiten"}, headers=origin)
    delete = client.delete(f"/api/v1/themes/{world['chosen'].pk}", headers=origin)

    assert get["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in get
    assert "ETag" in get["Access-Control-Expose-Headers"]
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert post.status_code == delete.status_code == 405
    assert "Access-Control-Allow-Origin" not in post
    assert Theme.objects.count() == before
    assert "Access-Control-Allow-Origin" not in client.get("/themas/", headers=origin)  # only the API


def test_the_data_is_dutch_whatever_the_visitor_asks(client, world):
    themes = client.get("/api/v1/themes", {"status": "chosen"}, headers={"accept-language": "en"})

    assert themes["Content-Language"] == "nl"
    assert themes.json()["items"][0]["status_label"] == "Gekozen"
    assert themes.json()["items"][0]["url"] == "http://testserver" + world["chosen"].get_absolute_url()


def test_a_signed_in_coordinator_gets_only_the_public_data_too(coordinator_client, world):
    titles = [t["title"] for t in coordinator_client.get("/api/v1/themes").json()["items"]]
    editions = [e["slug"] for e in coordinator_client.get("/api/v1/editions").json()["items"]]

    assert "Verborgen voorstel" not in titles
    assert editions == ["najaar", "voorjaar"]
