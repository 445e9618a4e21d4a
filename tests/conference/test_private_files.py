"""Uploaded files in production: photos of table sheets only for who may see them, logos for everyone.

pytest-django runs every test with DEBUG off, as production does: nothing here depends on Django's
development file server.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from conference import services
from conference.models import Organiser, TableSheetPhoto, TableTalk
from tests.conference.factories import OutcomeFactory, TableTalkFactory
from tests.factories import CoordinatorFactory, EditionFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "resident", "partner", "host", "coordinator"]


def _jpeg(size=(640, 480), colour="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def _png(size=(300, 100)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def host():
    return PartnerFactory()


@pytest.fixture
def table(host):
    return TableTalkFactory(host=host)


def _photo(table, host) -> TableSheetPhoto:
    upload = SimpleUploadedFile("tafelvel.jpg", _jpeg(), content_type="image/jpeg")
    return services.add_sheet_photo(table_talk=table, upload=upload, user=host, description="Tafelvel")


def _publish(table, published=True):
    services.set_outcomes_published(
        outcomes=table.outcomes.all(), published=published, tables=TableTalk.objects.filter(pk=table.pk)
    )


def _url(photo, *, thumbnail=False) -> str:
    table = photo.table_talk
    name = "conference:sheet_photo_thumbnail" if thumbnail else "conference:sheet_photo"
    return reverse(name, args=[table.conference.slug, table.pk, photo.pk])


def _client(role, host) -> Client:
    client = Client()
    user = {
        "visitor": None,
        "resident": UserFactory,
        "partner": PartnerFactory,  # a partner, but not the host of this table
        "host": lambda: host,
        "coordinator": CoordinatorFactory,
    }[role]
    if user is not None:
        client.force_login(user())
    return client


# --- Who opens a photo: every role, unpublished and published --------------------------------------


@pytest.mark.parametrize("thumbnail", [False, True], ids=["photo", "thumbnail"])
@pytest.mark.parametrize(
    ("role", "published", "status"),
    [
        *[(role, False, 200 if role in ("host", "coordinator") else 404) for role in ROLES],
        *[(role, True, 200) for role in ROLES],
    ],
)
def test_who_opens_a_sheet_photo(settings, table, host, role, published, status, thumbnail):
    photo = _photo(table, host)
    if published:
        _publish(table)

    response = _client(role, host).get(_url(photo, thumbnail=thumbnail))

    assert settings.DEBUG is False
    assert response.status_code == status
    if status == 200:
        field = photo.thumbnail if thumbnail else photo.image
        with field.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("role", "status"), [("visitor", 404), ("host", 404), ("coordinator", 200)])
def test_photo_of_an_unpublished_edition_opens_only_for_coordinators(host, role, status):
    table = TableTalkFactory(host=host, conference=EditionFactory(is_published=False))
    photo = _photo(table, host)
    _publish(table)

    assert _client(role, host).get(_url(photo)).status_code == status


def test_photo_of_another_table_is_not_found_under_this_table(table, host):
    photo = _photo(table, host)
    _publish(table)
    other = TableTalkFactory(conference=table.conference)

    response = Client().get(reverse("conference:sheet_photo", args=[table.conference.slug, other.pk, photo.pk]))

    assert response.status_code == 404


# --- Taken back or removed: it stops opening at once ------------------------------------------------


def test_photo_taken_back_by_a_coordinator_stops_opening_at_once(coordinator_client, table, host):
    client = Client()  # a visitor
    photo = _photo(table, host)
    OutcomeFactory(table_talk=table)
    publish_url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])
    coordinator_client.post(publish_url, {"publish": "1", "table": table.pk})
    before = client.get(_url(photo))

    coordinator_client.post(publish_url, {"publish": "0", "confirm": "1", "table": table.pk})
    after = client.get(_url(photo))
    thumbnail_after = client.get(_url(photo, thumbnail=True))

    assert before.status_code == 200
    assert (after.status_code, thumbnail_after.status_code) == (404, 404)
    assert "X-Accel-Redirect" not in after


def test_removed_photo_stops_opening_at_once_also_for_its_host(django_capture_on_commit_callbacks, table, host):
    photo = _photo(table, host)
    url = _url(photo)
    client = _client("host", host)
    before = client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conference:photo_delete", args=[table.conference.slug, table.pk, photo.pk]))

    assert before.status_code == 200
    assert client.get(url).status_code == 404
    assert _client("coordinator", host).get(url).status_code == 404
    assert not storages["private"].exists(photo.image.name)


# --- The answer itself: type from the content, nosniff, caching -------------------------------------


def test_content_type_comes_from_the_stored_image_not_its_name(table, host):
    photo = _photo(table, host)
    _publish(table)
    storage = storages["private"]
    storage.delete(photo.image.name)
    storage.save(photo.image.name, ContentFile(_png()))  # a PNG behind a .jpg name

    response = Client().get(_url(photo))

    assert photo.image.name.endswith(".jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_stored_file_that_is_no_image_is_not_served(table, host):
    photo = _photo(table, host)
    _publish(table)
    storage = storages["private"]
    storage.delete(photo.image.name)
    storage.save(photo.image.name, ContentFile(b"<html><script>alert(1)</script></html>"))

    response = Client().get(_url(photo))

    assert response.status_code == 404
    assert b"<script>" not in response.content


def test_unpublished_photo_is_private_and_not_stored_by_caches(table, host):
    photo = _photo(table, host)

    response = _client("host", host).get(_url(photo))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_published_photo_is_checked_again_on_every_use(table, host):
    photo = _photo(table, host)
    _publish(table)

    response = Client().get(_url(photo))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-cache" in directives
    assert "private" not in directives


def test_a_browser_that_has_the_photo_gets_304_but_only_while_it_may_see_it(table, host):
    photo = _photo(table, host)
    _publish(table)
    first = Client().get(_url(photo))

    again = Client().get(_url(photo), headers={"if-none-match": first["ETag"]})
    _publish(table, published=False)
    after_taking_back = Client().get(_url(photo), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert after_taking_back.status_code == 404


def test_photo_answers_head_but_refuses_post(table, host):
    photo = _photo(table, host)
    client = _client("host", host)

    assert client.head(_url(photo)).status_code == 200
    assert client.post(_url(photo)).status_code == 405
    assert TableSheetPhoto.objects.filter(pk=photo.pk).exists()


def test_photo_view_queries_are_bounded(django_assert_max_num_queries, table, host):
    photo = _photo(table, host)
    client = _client("host", host)

    with django_assert_max_num_queries(5):  # session, user, edition, table, photo
        response = client.get(_url(photo))

    assert response.status_code == 200


# --- nginx sends the bytes: X-Accel-Redirect ---------------------------------------------------------


def test_with_accel_redirect_nginx_sends_the_file(settings, table, host):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/private-media/"
    photo = _photo(table, host)

    response = _client("host", host).get(_url(photo, thumbnail=True))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/private-media/{photo.thumbnail.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_with_accel_redirect_who_may_not_see_gets_no_redirect(settings, table, host):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/private-media/"
    photo = _photo(table, host)

    response = Client().get(_url(photo))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


# --- The private file has no public address -----------------------------------------------------------


def test_private_photo_is_not_under_the_public_media_folder(settings, tmp_path, table, host):
    settings.MEDIA_ROOT = tmp_path
    photo = _photo(table, host)
    _publish(table)

    response = Client().get(f"/media/{photo.image.name}")

    assert response.status_code == 404
    assert not default_storage.exists(photo.image.name)
    with pytest.raises(ValueError, match="private file and has no public address"):
        _ = photo.image.url


# --- Logos: public branding, served in production too --------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_site_logo_is_served_publicly_with_its_image_type(media):
    site = services.save_site_settings(logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"))

    response = Client().get(site.logo.url)

    assert site.logo.url.startswith("/media/brand/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]


def test_organiser_logo_is_served_publicly(coordinator_client, media):
    upload = SimpleUploadedFile("logo.webp", _png(), content_type="image/png")
    coordinator_client.post(reverse("conference:manage_organiser_create"), {"name": "Regio Noord", "logo": upload})
    organiser = Organiser.objects.get()

    response = Client().get(organiser.logo.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("name", ["brand/ander.png", "../conference/settings.py", "brand/", "tafelvellen/1/1/x.jpg"])
def test_only_current_logos_are_served_from_media(media, name):
    default_storage.save("brand/ander.png", ContentFile(_png()))  # in the folder, but no logo

    response = Client().get(f"/media/{name}")

    assert response.status_code in (400, 404)
