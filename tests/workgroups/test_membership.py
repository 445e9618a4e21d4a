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
    with pytest.raises(ValidationError):
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

    with pytest.raises(ValidationError):
        services.create_workgroup_from_theme(theme=theme)


def test_only_coordinators_turn_themes_into_workgroups(client, partner, edition):
    from themes.models import Theme

    theme = Theme.objects.create(conference=edition, title="Gekozen", description="x", status="chosen")
    client.force_login(partner)

    assert client.post(reverse("workgroups:create_from_theme", args=[theme.pk])).status_code == 403


def test_stopped_workgroup_takes_no_join_requests(client, partner):
    from tests.workgroups.factories import WorkgroupFactory

    stopped = WorkgroupFactory(status=Workgroup.Status.STOPPED)
    client.force_login(partner)

    response = client.post(reverse("workgroups:join", args=[stopped.slug]))

    assert response.status_code == 403
    assert stopped.memberships.count() == 0


def test_members_partial_renders_only_the_members_block(client, workgroup, lead):
    request = WorkgroupMembershipFactory(workgroup=workgroup, status=WorkgroupMembership.Status.REQUESTED)
    client.force_login(lead)
    client.post(reverse("workgroups:accept", args=[workgroup.slug, request.pk]))

    response = client.get(workgroup.get_absolute_url(), headers={"X-Partial": "members"})

    html = response.content.decode()
    assert html.count('id="wg-members"') == 1
    assert "<html" not in html
    assert f"{request.user} is nu lid." in html
    assert request.user.display_name in html
