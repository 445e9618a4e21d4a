import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PartnerFactory, UserFactory
from tests.workgroups.factories import WorkgroupMembershipFactory
from workgroups import services
from workgroups.models import Workgroup, WorkgroupMembership

pytestmark = pytest.mark.django_db


def test_partner_asks_to_join_and_lead_accepts(client, workgroup, lead):
    partner = PartnerFactory()
    client.force_login(partner)
    client.post(
        reverse("workgroups:join", args=[workgroup.slug]), {"is_experience_expert": "on", "motivation": "Ik wil helpen"}
    )
    membership = WorkgroupMembership.objects.get(user=partner)
    assert (membership.status, membership.is_experience_expert) == ("requested", True)

    client.force_login(lead)
    client.post(reverse("workgroups:accept", args=[workgroup.slug, membership.pk]))

    membership.refresh_from_db()
    assert (membership.status, membership.role) == ("active", "member")


def test_resident_cannot_join(client, workgroup, resident):
    client.force_login(resident)

    response = client.post(reverse("workgroups:join", args=[workgroup.slug]))

    assert response.status_code == 403
    assert WorkgroupMembership.objects.filter(user=resident).count() == 0


def test_only_lead_or_coordinator_accepts(client, workgroup, lead, member, coordinator):
    request = WorkgroupMembershipFactory(workgroup=workgroup, status=WorkgroupMembership.Status.REQUESTED)
    url = reverse("workgroups:accept", args=[workgroup.slug, request.pk])

    client.force_login(member)
    assert client.post(url).status_code == 403
    request.refresh_from_db()
    assert request.status == WorkgroupMembership.Status.REQUESTED
    client.force_login(coordinator)
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.status == "active"


def test_decline_keeps_the_person_out(client, workgroup, lead):
    request = WorkgroupMembershipFactory(workgroup=workgroup, status=WorkgroupMembership.Status.REQUESTED)
    client.force_login(lead)

    client.post(reverse("workgroups:decline", args=[workgroup.slug, request.pk]))

    request.refresh_from_db()
    assert request.status == "declined"


def test_first_accepted_member_of_group_without_lead_becomes_lead(workgroup):
    request = WorkgroupMembershipFactory(workgroup=workgroup, status=WorkgroupMembership.Status.REQUESTED)

    membership = services.accept_membership(membership=request)

    assert membership.role == "lead"


def test_lead_hands_over_and_then_can_leave(client, workgroup, lead, member):
    other = WorkgroupMembership.objects.get(user=member)
    with pytest.raises(ValidationError, match="Geef de rol van trekker eerst aan een ander lid"):
        services.leave_workgroup(workgroup=workgroup, user=lead)
    client.force_login(lead)

    client.post(reverse("workgroups:hand_over", args=[workgroup.slug, other.pk]))
    client.post(reverse("workgroups:leave", args=[workgroup.slug]))

    roles = dict(WorkgroupMembership.objects.values_list("user__email", "status"))
    other.refresh_from_db()
    assert other.role == "lead"
    assert roles[lead.email] == "left"


def test_member_page_shows_names_and_organisations_not_emails(client, workgroup, lead):
    response = client.get(workgroup.get_absolute_url())

    html = response.content.decode()
    assert lead.display_name in html
    assert lead.organisations.get().name in html
    assert lead.email not in html


def test_member_leaves(client, workgroup, member):
    client.force_login(member)

    client.post(reverse("workgroups:leave", args=[workgroup.slug]))

    assert WorkgroupMembership.objects.get(user=member).status == "left"


def test_goal_edited_by_member_not_by_outsider(client, workgroup, member):
    url = reverse("workgroups:goal_create", args=[workgroup.slug])
    data = {"title": "Huiskamer open", "status": "in_progress", "progress": 40}

    client.force_login(UserFactory())
    assert client.post(url, data).status_code == 403
    assert workgroup.goals.count() == 0
    client.force_login(member)
    assert client.post(url, data).status_code == 302
    assert workgroup.goals.get().progress == 40


def test_goal_progress_above_100_is_refused(client, workgroup, member):
    client.force_login(member)

    response = client.post(
        reverse("workgroups:goal_create", args=[workgroup.slug]),
        {"title": "X", "status": "in_progress", "progress": 150},
    )

    assert response.status_code == 200
    assert workgroup.goals.count() == 0


def test_coordinator_creates_and_lead_edits_workgroup(client, coordinator, workgroup, lead, member):
    client.force_login(coordinator)
    response = client.post(reverse("workgroups:create"), {"name": "Samen eten", "status": "active"})
    assert response.status_code == 302
    assert Workgroup.objects.filter(name="Samen eten", slug="samen-eten").count() == 1

    url = reverse("workgroups:edit", args=[workgroup.slug])
    client.force_login(member)
    assert client.post(url, {"name": "Anders", "status": "paused"}).status_code == 403
    unchanged = Workgroup.objects.get(pk=workgroup.pk)
    assert (unchanged.name, unchanged.status) == (workgroup.name, workgroup.status)
    client.force_login(lead)
    client.post(url, {"name": workgroup.name, "status": "paused", "focus": "Nieuwe focus"})
    workgroup.refresh_from_db()
    # The status changes only through the coordinator's decision on a report, not the edit form.
    assert (workgroup.status, workgroup.focus) == ("active", "Nieuwe focus")


def test_coordinator_turns_chosen_theme_into_workgroup_once(client, coordinator, edition):
    from themes.models import Theme

    theme = Theme.objects.create(conference=edition, title="Samen in gesprek", description="Praten", status="chosen")
    client.force_login(coordinator)

    client.post(reverse("workgroups:create_from_theme", args=[theme.pk]))
    client.post(reverse("workgroups:create_from_theme", args=[theme.pk]))

    workgroup = Workgroup.objects.get()
    assert (workgroup.name, workgroup.focus, workgroup.origin_theme, workgroup.started_in) == (
        "Samen in gesprek",
        "Praten",
        theme,
        edition,
    )


def test_theme_not_chosen_cannot_become_workgroup(coordinator, edition):
    from themes.models import Theme

    theme = Theme.objects.create(conference=edition, title="Nog open", description="x", status="published")

    with pytest.raises(ValidationError, match="Alleen een gekozen thema kan een werkgroep worden"):
        services.create_workgroup_from_theme(theme=theme)


def test_only_coordinators_turn_themes_into_workgroups(client, partner, edition):
    from themes.models import Theme

    theme = Theme.objects.create(conference=edition, title="Gekozen", description="x", status="chosen")
    client.force_login(partner)

    assert client.post(reverse("workgroups:create_from_theme", args=[theme.pk])).status_code == 403
    assert not theme.workgroups.exists()


def test_stopped_workgroup_takes_no_join_requests(client, partner):
    from tests.workgroups.factories import WorkgroupFactory

    stopped = WorkgroupFactory(status=Workgroup.Status.STOPPED)
    client.force_login(partner)

    response = client.post(reverse("workgroups:join", args=[stopped.slug]))

    assert response.status_code == 403
    assert stopped.memberships.count() == 0


HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_htmx_answers_a_decision_with_the_members_block_only(client, workgroup, lead, action):
    request = WorkgroupMembershipFactory(workgroup=workgroup, status=WorkgroupMembership.Status.REQUESTED)
    client.force_login(lead)

    response = client.post(reverse(f"workgroups:{action}", args=[workgroup.slug, request.pk]), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section aria-labelledby="members-title" id="wg-members"')
    assert html.count('id="wg-members"') == 1
    assert "<html" not in html and 'id="commitments-title"' not in html  # no page around it, no other block
    assert ("is nu lid." if action == "accept" else "Het verzoek is afgewezen.") in html
    assert 'hx-post="' + reverse("workgroups:decline", args=[workgroup.slug, request.pk]) not in html
    request.refresh_from_db()
    assert request.status == (WorkgroupMembership.Status.ACTIVE if action == "accept" else "declined")


def test_without_htmx_a_decision_posts_and_redirects(client, workgroup, lead):
    request = WorkgroupMembershipFactory(workgroup=workgroup, status=WorkgroupMembership.Status.REQUESTED)
    client.force_login(lead)

    response = client.post(reverse("workgroups:accept", args=[workgroup.slug, request.pk]))

    assert (response.status_code, response.url) == (302, workgroup.get_absolute_url())
    request.refresh_from_db()
    assert request.status == WorkgroupMembership.Status.ACTIVE
    page = client.get(response.url).content.decode()
    assert f"{request.user} is nu lid." in page


def test_htmx_hand_over_answers_the_block_as_the_former_lead_now_sees_it(client, workgroup, lead, member):
    """The rights are asked again after the change: the former lead no longer gets the lead's buttons."""
    target = WorkgroupMembership.objects.get(user=member)
    client.force_login(lead)

    response = client.post(reverse("workgroups:hand_over", args=[workgroup.slug, target.pk]), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "is nu de trekker." in html
    assert "hand_over" not in html and "/trekker/" not in html
    assert 'hx-post="' not in html  # nothing left to manage for a plain member
    target.refresh_from_db()
    assert target.role == WorkgroupMembership.Role.LEAD


def test_htmx_remove_answers_the_block_and_plain_remove_redirects(client, workgroup, coordinator):
    first = services.add_member(workgroup=workgroup, name="Dokter Jansen")
    second = services.add_member(workgroup=workgroup, name="Zuster Bakker")
    client.force_login(coordinator)

    fragment = client.post(reverse("workgroups:member_remove", args=[workgroup.slug, first.pk]), headers=HTMX)
    plain = client.post(reverse("workgroups:member_remove", args=[workgroup.slug, second.pk]))

    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith('<section aria-labelledby="members-title"')
    assert "Dokter Jansen" in fragment.content.decode()  # in the message
    assert (plain.status_code, plain.url) == (302, workgroup.get_absolute_url())
    assert not workgroup.memberships.filter(pk__in=[first.pk, second.pk], status="active").exists()
