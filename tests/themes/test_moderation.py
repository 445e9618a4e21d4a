import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory, VotingRoundFactory
from themes import services
from themes.models import Theme, Vote

pytestmark = pytest.mark.django_db


def test_publish_theme_publishes_and_mails_the_proposer(coordinator, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"
    theme = ThemeFactory(status=Theme.Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_theme(theme=theme)

    theme.refresh_from_db()
    assert theme.status == Theme.Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[theme.submitted_by.email]]
    # The moderator works in English here; the proposer still reads the portal's language.
    assert mail.outbox[0].subject == "Uw thema is gepubliceerd"
    with translation.override("nl"):
        assert f"https://portaal.example.nl{theme.get_absolute_url()}" in mail.outbox[0].body
    assert "/en/" not in mail.outbox[0].body


def test_reject_theme_needs_a_reason(coordinator):
    theme = ThemeFactory(status=Theme.Status.SUBMITTED)

    with pytest.raises(ValidationError) as error:
        services.reject_theme(theme=theme, reason="  ")

    theme.refresh_from_db()
    assert error.value.messages == ["Give a reason: the proposer will read it."]
    assert theme.status == Theme.Status.SUBMITTED


def test_reject_theme_mails_the_reason(coordinator, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    theme = ThemeFactory(status=Theme.Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_theme(theme=theme, reason="Dit hoort bij het meldpunt.")

    theme.refresh_from_db()
    assert (theme.status, theme.moderation_note) == (Theme.Status.REJECTED, "Dit hoort bij het meldpunt.")
    assert "Dit hoort bij het meldpunt." in mail.outbox[0].body


def test_rejected_theme_is_shown_to_its_proposer_with_the_reason(client, coordinator):
    theme = ThemeFactory(status=Theme.Status.REJECTED, moderation_note="Buiten ons bereik.")

    client.force_login(theme.submitted_by)
    response = client.get(theme.get_absolute_url())

    assert response.status_code == 200
    assert "Buiten ons bereik." in response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "other resident", "coordinator"])
def test_rejected_theme_is_hidden_from_everyone_else_but_coordinators(client, coordinator, who):
    theme = ThemeFactory(status=Theme.Status.REJECTED, moderation_note="Buiten ons bereik.")
    if who == "other resident":
        client.force_login(UserFactory())
    elif who == "coordinator":
        client.force_login(coordinator)

    detail = client.get(theme.get_absolute_url())
    listing = client.get(reverse("themes:list"))

    assert detail.status_code == (200 if who == "coordinator" else 404)
    assert list(listing.context["page_obj"]) == []


def test_merge_moves_votes_and_keeps_each_supporter_once(coordinator):
    round_ = VotingRoundFactory()
    duplicate = ThemeFactory(conference=round_.conference)
    original = ThemeFactory(conference=round_.conference)
    only_duplicate, both, only_original = BallotFactory.create_batch(3, round=round_)
    VoteFactory(ballot=only_duplicate, theme=duplicate, slot=1)
    VoteFactory(ballot=both, theme=duplicate, slot=1)
    VoteFactory(ballot=both, theme=original, slot=2)
    VoteFactory(ballot=only_original, theme=original, slot=1)

    services.merge_theme(theme=duplicate, into=original)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Theme.Status.MERGED, original)
    assert Vote.objects.filter(theme=duplicate).count() == 0
    assert sorted(Vote.objects.filter(theme=original).values_list("ballot_id", flat=True)) == sorted(
        [only_duplicate.pk, both.pk, only_original.pk]
    )
    assert Vote.objects.count() == 3


def test_merge_mails_the_proposer_in_dutch_with_the_theme_it_joined(
    coordinator, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"
    original = ThemeFactory(title="Samen eten in de wijk")
    duplicate = ThemeFactory(conference=original.conference, status=Theme.Status.SUBMITTED, title="Eten met de buren")
    proposer = duplicate.submitted_by

    with django_capture_on_commit_callbacks(execute=True):  # the moderator works in English
        services.merge_theme(theme=duplicate, into=original)
    with translation.override("nl"):
        original_link = f"https://portaal.example.nl{original.get_absolute_url()}"
        own_link = f"https://portaal.example.nl{duplicate.get_absolute_url()}"

    assert [m.to for m in mail.outbox] == [[proposer.email]]
    message = mail.outbox[0]
    assert message.subject == "Uw thema is samengevoegd"
    assert message.body.startswith(f"Beste {proposer},")
    assert "Uw thema lijkt veel op “Samen eten in de wijk”. We hebben ze samengevoegd" in message.body
    assert original_link in message.body
    assert "/en/" not in original_link
    assert f"Thema: Eten met de buren\n{own_link}" in message.body
    assert original.submitted_by.email not in message.body


def test_merged_theme_page_points_to_the_theme_it_joined(client, coordinator):
    original = ThemeFactory(title="Samen eten in de wijk")
    duplicate = ThemeFactory(conference=original.conference, status=Theme.Status.SUBMITTED)
    services.merge_theme(theme=duplicate, into=original)

    response = client.get(duplicate.get_absolute_url())

    assert response.status_code == 200
    assert original.get_absolute_url() in response.content.decode()


def test_merge_with_votes_into_another_edition_is_refused(coordinator):
    round_ = VotingRoundFactory()
    duplicate = ThemeFactory(conference=round_.conference)
    VoteFactory(ballot=BallotFactory(round=round_), theme=duplicate, slot=1)
    elsewhere = ThemeFactory()

    with pytest.raises(ValidationError, match="This theme has votes: merge it into a theme of the same edition"):
        services.merge_theme(theme=duplicate, into=elsewhere)

    assert Vote.objects.get().theme == duplicate


def test_moderation_page_actions(coordinator_client):
    to_publish = ThemeFactory(status=Theme.Status.SUBMITTED)
    to_reject = ThemeFactory(status=Theme.Status.SUBMITTED)

    coordinator_client.post(reverse("themes:moderate", args=[to_publish.pk]), {"action": "publish"})
    empty = coordinator_client.post(reverse("themes:moderate", args=[to_reject.pk]), {"action": "reject", "reason": ""})
    coordinator_client.post(reverse("themes:moderate", args=[to_reject.pk]), {"action": "reject", "reason": "Te vaag."})

    to_publish.refresh_from_db()
    to_reject.refresh_from_db()
    assert empty.status_code == 400
    assert (to_publish.status, to_reject.status, to_reject.moderation_note) == ("published", "rejected", "Te vaag.")


def test_moderation_queue_is_for_coordinators(resident_client, client):
    assert resident_client.get(reverse("themes:queue")).status_code == 403


def test_moderation_queue_lists_submitted_themes(coordinator_client):
    waiting = ThemeFactory(status=Theme.Status.SUBMITTED)
    ThemeFactory(status=Theme.Status.PUBLISHED)

    response = coordinator_client.get(reverse("themes:queue"))

    assert list(response.context["page_obj"]) == [waiting]


def test_proposer_withdraws_a_theme_without_votes(client):
    theme = ThemeFactory(status=Theme.Status.PUBLISHED)
    client.force_login(theme.submitted_by)

    client.post(reverse("themes:withdraw_theme", args=[theme.pk]))

    theme.refresh_from_db()
    assert theme.status == Theme.Status.WITHDRAWN
    assert list(client.get(reverse("themes:list")).context["page_obj"]) == []


def test_withdraw_is_refused_once_people_voted():
    round_ = VotingRoundFactory()
    theme = ThemeFactory(conference=round_.conference)
    VoteFactory(ballot=BallotFactory(round=round_), theme=theme, slot=1)

    with pytest.raises(ValidationError, match="People have already voted for this theme"):
        services.withdraw_theme(theme=theme, proposer=theme.submitted_by)

    theme.refresh_from_db()
    assert theme.status == Theme.Status.PUBLISHED


def test_only_the_proposer_can_withdraw(resident_client):
    theme = ThemeFactory(status=Theme.Status.PUBLISHED)

    response = resident_client.post(reverse("themes:withdraw_theme", args=[theme.pk]))

    theme.refresh_from_db()
    assert (response.status_code, theme.status) == (404, Theme.Status.PUBLISHED)
