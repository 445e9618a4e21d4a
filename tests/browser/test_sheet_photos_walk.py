"""A host photographs a table sheet on a phone; the photo opens for the host at once, for a visitor
only after a coordinator published the table, and stops opening when it is taken back."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.conference.factories import OutcomeFactory, TableTalkFactory
from tests.factories import PASSWORD, CoordinatorFactory, PartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "orange").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_sheet_photo_from_upload_to_public_and_back(phone_page, new_page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    host = PartnerFactory(email="gastheer@example.org")
    coordinator = CoordinatorFactory(email="regie@example.org")
    table = TableTalkFactory(host=host, title="Eenzaamheid")
    OutcomeFactory(table_talk=table)
    policy_errors = []
    phone_page.on("console", lambda m: policy_errors.append(m.text) if "Permissions-Policy" in m.text else None)

    # The host uploads on a phone: the file input needs no camera permission (Permissions-Policy camera=()).
    login(phone_page, host.email, PASSWORD)
    response = phone_page.goto(table.get_absolute_url())
    assert "camera=()" in response.headers["permissions-policy"]
    phone_page.get_by_label("Foto van een tafelvel").set_input_files(
        {"name": "tafelvel.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
    )
    phone_page.get_by_role("button", name="Foto uploaden").click()
    thumbnail = phone_page.locator("#tafelvellen img")
    expect(thumbnail).to_be_visible()
    thumbnail.scroll_into_view_if_needed()
    # decode() waits until the image has loaded (through the view), however busy the machine is
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    photo_url = phone_page.locator("#tafelvellen a").first.get_attribute("href")
    phone_page.checks.assert_accessible()
    assert policy_errors == []

    # A visitor cannot open it yet, not even with the address.
    visitor = new_page()
    assert visitor.request.get(photo_url).status == 404

    # A coordinator publishes the table: now it opens for everyone, as an image.
    staff = new_page()
    login(staff, coordinator.email, PASSWORD)
    staff.goto(f"/beheer/edities/{table.conference.slug}/tafels/")
    staff.get_by_role("button", name="Opbrengsten publiceren (Eenzaamheid)").click()
    public = visitor.request.get(photo_url)
    assert (public.status, public.headers["content-type"]) == (200, "image/jpeg")
    assert public.headers["x-content-type-options"] == "nosniff"

    # Taking it back asks first; after "yes" the photo stops opening at once.
    staff.get_by_role("button", name="Opbrengsten terugnemen (Eenzaamheid)").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("De opbrengsten van “Eenzaamheid” terugnemen?")
    assert visitor.request.get(photo_url).status == 200
    staff.checks.assert_accessible()
    staff.get_by_role("button", name="Ja, offline halen").click()
    expect(staff.get_by_text("1 foto verborgen.")).to_be_visible()
    assert visitor.request.get(photo_url).status == 404
