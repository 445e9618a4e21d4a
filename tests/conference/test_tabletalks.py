import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from conference import services
from conference.models import Outcome, SiteSettings, TableSheetPhoto
from tests.conference.factories import OutcomeFactory, TableTalkFactory
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(partner):
    return TableTalkFactory(host=partner)


def _add_url(table):
    return reverse("conference:outcome_add", args=[table.conference.slug, table.pk])


def test_repeated_outcome_submit_stores_one_outcome(table, partner):
    key = uuid.uuid4()

    first = services.add_outcome(table_talk=table, text="Samen eten", kind="idea", user=partner, client_key=key)
    again = services.add_outcome(table_talk=table, text="Samen eten", kind="idea", user=partner, client_key=key)

    assert first.pk == again.pk
    assert table.outcomes.count() == 1


def test_repeated_outcome_post_stores_one_outcome(client, table, partner):
    client.force_login(partner)
    data = {"text": "Scholen kansgericht laten werken", "kind": "action", "client_key": str(uuid.uuid4())}

    client.post(_add_url(table), data)
    client.post(_add_url(table), data, headers={"X-Requested-With": "fetch"})

    assert list(table.outcomes.values_list("text", flat=True)) == ["Scholen kansgericht laten werken"]


def test_outcome_fragment_answer_is_the_outcome_list(client, table, partner):
    client.force_login(partner)

    response = client.post(
        _add_url(table), {"text": "Een vraag", "kind": "question"}, headers={"X-Requested-With": "fetch"}
    )

    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<div id="outcome-list">')


def test_empty_outcome_is_refused_and_nothing_stored(client, table, partner):
    client.force_login(partner)

    response = client.post(_add_url(table), {"text": "  ", "kind": "idea"})

    assert response.status_code == 400
    assert table.outcomes.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("resident", 403), ("other_partner", 403), ("host", 302), ("coordinator", 302)],
)
def test_only_host_and_coordinators_write_outcomes(client, table, partner, resident, coordinator, who, status):
    people = {"resident": resident, "other_partner": PartnerFactory(), "host": partner, "coordinator": coordinator}
    client.force_login(people[who])

    response = client.post(_add_url(table), {"text": "Idee", "kind": "idea"})

    assert response.status_code == status
    assert table.outcomes.count() == (1 if status == 302 else 0)


def test_anonymous_visitor_is_sent_to_login_to_write(client, table):
    response = client.post(_add_url(table), {"text": "Idee", "kind": "idea"})

    assert response.status_code == 302
    assert table.outcomes.count() == 0


def test_resident_cannot_edit_a_published_outcome(resident_client, table):
    outcome = OutcomeFactory(table_talk=table, status=Outcome.Status.PUBLISHED)
    url = reverse("conference:outcome_edit", args=[table.conference.slug, table.pk, outcome.pk])

    assert resident_client.post(url, {"text": "Anders", "kind": "idea"}).status_code == 403
    assert Outcome.objects.get(pk=outcome.pk).text == outcome.text != "Anders"


def test_draft_outcome_is_invisible_to_residents(resident_client, table):
    draft = OutcomeFactory(table_talk=table, text="Nog geheim")
    OutcomeFactory(table_talk=table, text="Openbaar", status=Outcome.Status.PUBLISHED)
    edit_url = reverse("conference:outcome_edit", args=[table.conference.slug, table.pk, draft.pk])

    page = resident_client.get(table.get_absolute_url())
    edition_page = resident_client.get(table.conference.get_absolute_url())

    assert [o.text for o in page.context["outcomes"]] == ["Openbaar"]
    assert "Nog geheim" not in edition_page.content.decode()
    assert resident_client.get(edit_url).status_code == 404


def test_draft_outcomes_are_visible_to_coordinators(coordinator_client, table):
    OutcomeFactory(table_talk=table, text="Nog geheim")

    page = coordinator_client.get(table.get_absolute_url())

    assert [o.text for o in page.context["outcomes"]] == ["Nog geheim"]


def test_host_edits_an_outcome(client, table, partner):
    outcome = OutcomeFactory(table_talk=table)
    client.force_login(partner)
    url = reverse("conference:outcome_edit", args=[table.conference.slug, table.pk, outcome.pk])

    client.post(url, {"text": "Beter verwoord", "kind": "action"})

    outcome.refresh_from_db()
    assert (outcome.text, outcome.kind) == ("Beter verwoord", "action")


def test_move_outcome_up_reorders(table, partner):
    first = services.add_outcome(table_talk=table, text="Een", kind="idea", user=partner)
    second = services.add_outcome(table_talk=table, text="Twee", kind="idea", user=partner)

    services.move_outcome(outcome=second, up=True)

    assert list(table.outcomes.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_coordinator_publishes_outcomes(coordinator_client, table):
    OutcomeFactory(table_talk=table)
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])

    coordinator_client.post(url, {"publish": "1", "table": table.pk})

    assert list(table.outcomes.values_list("status", flat=True)) == [Outcome.Status.PUBLISHED]


def test_partner_cannot_publish_outcomes(client, table, partner):
    OutcomeFactory(table_talk=table)
    client.force_login(partner)

    response = client.post(
        reverse("conference:manage_outcomes_publish", args=[table.conference.slug]), {"publish": "1"}
    )

    assert response.status_code == 403
    assert list(table.outcomes.values_list("status", flat=True)) == [Outcome.Status.DRAFT]


def test_published_outcomes_appear_on_the_edition_page_grouped_by_topic(client):
    table = TableTalkFactory(title="Mentale weerbaarheid jongeren (12-23 jaar)")
    OutcomeFactory(table_talk=table, text="Ouders handvatten geven", status=Outcome.Status.PUBLISHED)
    OutcomeFactory(table_talk=table, text="Concept", status=Outcome.Status.DRAFT)

    response = client.get(table.conference.get_absolute_url())

    groups = response.context["outcome_groups"]
    assert [(g["topic"], [o.text for o in g["outcomes"]]) for g in groups] == [
        ("Mentale weerbaarheid jongeren (12-23 jaar)", ["Ouders handvatten geven"])
    ]


def _jpeg_with_location():
    image = Image.new("RGB", (1200, 800), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"
    exif[0x8825] = {1: "N", 2: (51.0, 46.0, 0.0), 3: "E", 4: (5.0, 50.0, 0.0)}  # GPS info
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_photo_upload_strips_location_and_makes_a_thumbnail(client, table, partner, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(partner)
    upload = SimpleUploadedFile("tafelvel.jpg", _jpeg_with_location(), content_type="image/jpeg")

    response = client.post(
        reverse("conference:photo_upload", args=[table.conference.slug, table.pk]), {"photo": upload}
    )

    assert response.status_code == 302
    photo = TableSheetPhoto.objects.get()
    with Image.open(photo.image.path) as stored:
        assert dict(stored.getexif()) == {}
        assert stored.size == (1200, 800)
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) == 400


def test_photo_upload_checks_content_not_name(client, table, partner, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(partner)
    upload = SimpleUploadedFile("tafelvel.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")

    response = client.post(
        reverse("conference:photo_upload", args=[table.conference.slug, table.pk]), {"photo": upload}
    )

    assert response.status_code == 400
    assert TableSheetPhoto.objects.count() == 0


def test_photo_upload_has_a_size_limit(client, table, partner, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(partner)
    upload = SimpleUploadedFile("groot.jpg", _jpeg_with_location() + b"\0" * (11 * 1024 * 1024), "image/jpeg")

    response = client.post(
        reverse("conference:photo_upload", args=[table.conference.slug, table.pk]), {"photo": upload}
    )

    assert response.status_code == 400
    assert TableSheetPhoto.objects.count() == 0


def test_resident_cannot_upload_photos(resident_client, table, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("tafelvel.jpg", _jpeg_with_location(), content_type="image/jpeg")

    response = resident_client.post(
        reverse("conference:photo_upload", args=[table.conference.slug, table.pk]), {"photo": upload}
    )

    assert response.status_code == 403
    assert TableSheetPhoto.objects.count() == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("count", [1, 30])
def test_table_talk_page_queries_do_not_grow(client, table, django_assert_max_num_queries, count):
    OutcomeFactory.create_batch(count, table_talk=table, status=Outcome.Status.PUBLISHED)
    SiteSettings.load()

    with django_assert_max_num_queries(8):
        response = client.get(table.get_absolute_url())

    assert len(response.context["outcomes"]) == count


# --- Photos of the table sheets: hidden until the table's outcomes are published ------------------


def _stored_photo(table, settings, tmp_path, user):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("tafelvel.jpg", _jpeg_with_location(), content_type="image/jpeg")
    return services.add_sheet_photo(table_talk=table, upload=upload, user=user, description="Vel met concepten")


def _photo_url(photo, *, thumbnail=False):
    table = photo.table_talk
    name = "conference:sheet_photo_thumbnail" if thumbnail else "conference:sheet_photo"
    return reverse(name, args=[table.conference.slug, table.pk, photo.pk])


@pytest.mark.parametrize(
    ("who", "sees"), [("anonymous", False), ("resident", False), ("host", True), ("coordinator", True)]
)
def test_new_sheet_photo_is_shown_only_to_who_records(
    client, table, partner, resident, coordinator, settings, tmp_path, who, sees
):
    photo = _stored_photo(table, settings, tmp_path, partner)
    if who != "anonymous":
        client.force_login({"resident": resident, "host": partner, "coordinator": coordinator}[who])

    response = client.get(table.get_absolute_url())

    body = response.content.decode()
    assert [p.pk for p in response.context["photos"]] == ([photo.pk] if sees else [])
    assert (_photo_url(photo) in body, _photo_url(photo, thumbnail=True) in body) == (sees, sees)


def test_publishing_the_outcomes_publishes_the_photos_and_taking_back_hides_them(
    coordinator_client, table, partner, settings, tmp_path
):
    photo = _stored_photo(table, settings, tmp_path, partner)
    OutcomeFactory(table_talk=table)
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])
    visitor = Client()

    coordinator_client.post(url, {"publish": "1", "table": table.pk})
    published = visitor.get(table.get_absolute_url()).content.decode()
    coordinator_client.post(url, {"publish": "0", "confirm": "1", "table": table.pk})
    taken_back = visitor.get(table.get_absolute_url()).content.decode()

    assert _photo_url(photo, thumbnail=True) in published
    assert _photo_url(photo, thumbnail=True) not in taken_back


def test_publishing_all_outcomes_publishes_photos_of_tables_without_outcomes(
    coordinator_client, table, partner, settings, tmp_path
):
    photo = _stored_photo(table, settings, tmp_path, partner)
    other = TableTalkFactory()  # another edition: stays as it was
    other_photo = _stored_photo(other, settings, tmp_path, partner)

    manage_page = coordinator_client.get(reverse("conference:manage_table_talks", args=[table.conference.slug]))
    coordinator_client.post(
        reverse("conference:manage_outcomes_publish", args=[table.conference.slug]), {"publish": "1"}
    )

    assert "1 foto van het tafelvel" in manage_page.content.decode()
    assert TableSheetPhoto.objects.get(pk=photo.pk).is_published
    assert not TableSheetPhoto.objects.get(pk=other_photo.pk).is_published


def test_photo_added_after_publishing_is_hidden_again_until_the_next_publish(
    client, table, partner, settings, tmp_path
):
    OutcomeFactory(table_talk=table)
    services.set_outcomes_published(outcomes=table.outcomes.all(), published=True)
    later = _stored_photo(table, settings, tmp_path, partner)

    response = client.get(table.get_absolute_url())

    assert _photo_url(later, thumbnail=True) not in response.content.decode()
    assert response.context["photos"] == []


def test_sheet_photo_file_names_cannot_be_guessed(table, partner, settings, tmp_path):
    first = _stored_photo(table, settings, tmp_path, partner)
    second = _stored_photo(table, settings, tmp_path, partner)

    names = [first.image.name, first.thumbnail.name, second.image.name, second.thumbnail.name]
    assert len({n.rsplit("/", 1)[1][:32] for n in names}) == 2  # 128 random bits per photo
    assert all(len(n.rsplit("/", 1)[1].split(".")[0].removesuffix("-klein")) == 32 for n in names)


# --- Publishing outcomes: the table sent by the form is checked -------------------------------------


@pytest.mark.parametrize("value", ["", "abc", "1 OR 1=1", "9" * 30, "-1", "other-edition"])
def test_publishing_outcomes_of_a_bad_table_is_refused_in_dutch(coordinator_client, table, value):
    OutcomeFactory(table_talk=table)
    if value == "other-edition":
        value = str(OutcomeFactory().table_talk_id)
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])

    response = coordinator_client.post(url, {"publish": "1", "table": value}, follow=True)

    assert response.status_code == 200
    assert "Deze tafel bestaat niet (meer). Er is niets gepubliceerd." in response.content.decode()
    assert not Outcome.objects.published().exists()


# --- Who may change outcomes and photos -------------------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "other_partner"])
def test_non_host_cannot_move_or_delete_outcomes_or_photos(client, table, partner, resident, who, settings, tmp_path):
    first = OutcomeFactory(table_talk=table, order=0)
    second = OutcomeFactory(table_talk=table, order=1)
    photo = _stored_photo(table, settings, tmp_path, partner)
    client.force_login(resident if who == "resident" else PartnerFactory())
    args = [table.conference.slug, table.pk]

    move = client.post(reverse("conference:outcome_move", args=[*args, second.pk]), {"direction": "up"})
    delete = client.post(reverse("conference:outcome_delete", args=[*args, first.pk]))
    photo_delete = client.post(reverse("conference:photo_delete", args=[*args, photo.pk]))

    assert (move.status_code, delete.status_code, photo_delete.status_code) == (403, 403, 403)
    assert list(table.outcomes.order_by("order").values_list("pk", flat=True)) == [first.pk, second.pk]
    assert TableSheetPhoto.objects.filter(pk=photo.pk).exists()


def test_host_moves_and_deletes_outcomes_and_photos(client, table, partner, settings, tmp_path):
    first = OutcomeFactory(table_talk=table, order=0)
    second = OutcomeFactory(table_talk=table, order=1)
    photo = _stored_photo(table, settings, tmp_path, partner)
    client.force_login(partner)
    args = [table.conference.slug, table.pk]

    client.post(reverse("conference:outcome_move", args=[*args, second.pk]), {"direction": "up"})
    order = list(table.outcomes.order_by("order").values_list("pk", flat=True))
    client.post(reverse("conference:outcome_delete", args=[*args, first.pk]))
    client.post(reverse("conference:photo_delete", args=[*args, photo.pk]))

    assert order == [second.pk, first.pk]
    assert list(table.outcomes.values_list("pk", flat=True)) == [second.pk]
    assert not TableSheetPhoto.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("resident", 404), ("coordinator", 200)])
def test_table_of_an_unpublished_edition(client, resident, coordinator, who, status):
    table = TableTalkFactory(conference__is_published=False)
    if who != "anonymous":
        client.force_login(resident if who == "resident" else coordinator)

    assert client.get(table.get_absolute_url()).status_code == status


def test_draft_outcomes_are_invisible_to_an_anonymous_visitor(client, table):
    OutcomeFactory(table_talk=table, text="Nog geheim")
    OutcomeFactory(table_talk=table, text="Openbaar", status=Outcome.Status.PUBLISHED)

    page = client.get(table.get_absolute_url()).content.decode()
    edition_page = client.get(table.conference.get_absolute_url()).content.decode()

    assert "Openbaar" in page
    assert "Nog geheim" not in page
    assert "Nog geheim" not in edition_page


def test_publishing_says_how_many_outcomes_and_photos_in_dutch(coordinator_client, table, partner, settings, tmp_path):
    OutcomeFactory(table_talk=table)
    _stored_photo(table, settings, tmp_path, partner)
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])

    published = coordinator_client.post(url, {"publish": "1", "table": str(table.pk)}, follow=True)
    taken_back = coordinator_client.post(url, {"publish": "0", "confirm": "1", "table": str(table.pk)}, follow=True)

    assert [str(m) for m in published.context["messages"]] == ["1 opbrengst gepubliceerd.", "1 foto gepubliceerd."]
    assert [str(m) for m in taken_back.context["messages"]] == ["1 opbrengst teruggenomen.", "1 foto verborgen."]
