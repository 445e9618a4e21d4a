"""Quick workgroup set-up: the group, its members (with or without an account) and its lead in one form."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conference.models import Membership, OutgoingEmail
from tests.factories import EditionFactory, OrganisationFactory, PartnerFactory, UserFactory
from tests.html import collapsed
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory, WorkgroupMembershipFactory
from themes.models import Theme
from workgroups import services
from workgroups.models import Workgroup, WorkgroupMembership

pytestmark = pytest.mark.django_db

URL = reverse("workgroups:create")


def _post(**fields):
    """The form as a browser sends it: the group fields, the management form, rows and the lead."""
    rows = fields.pop("rows", [])
    data = {
        "name": "Bewegen voor iedereen",
        "focus": "Meer mensen in beweging.",
        "contact": "",
        "members-TOTAL_FORMS": str(max(len(rows), 3)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "50",
        "lead": fields.pop("lead", ""),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if name == "is_experience_expert":
                if value:
                    data[f"members-{index}-{name}"] = "on"
            else:
                data[f"members-{index}-{name}"] = value
    data.update(fields)
    return data


def _partner(name, organisation):
    user = UserFactory(display_name=name)
    Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def three_organisations(db):
    return [
        OrganisationFactory(name="Zorgalliantie"),
        OrganisationFactory(name="Sterker sociaal werk"),
        OrganisationFactory(name="Sportservice Heumen"),
    ]


@pytest.fixture
def past_edition(db):
    return EditionFactory(title="Werkconferentie maart", starts_at=timezone.now() - timedelta(days=60))


def test_coordinator_creates_group_with_three_organisations_and_a_lead_in_one_post(
    coordinator_client, three_organisations, past_edition
):
    care, welfare, sport = three_organisations
    gp = _partner("Hanna Huisarts", care)
    worker = _partner("Willem Welzijn", welfare)
    coach = _partner("Bo Buurtsport", sport)
    theme = Theme.objects.create(conference=past_edition, title="Bewegen", description="x", status="chosen")

    response = coordinator_client.post(
        URL,
        _post(
            origin_theme=theme.pk,
            started_in=past_edition.pk,
            rows=[
                {"account": "Hanna Huisarts", "organisation": care.pk, "function": "Huisarts"},
                {"account": worker.email.upper(), "organisation": welfare.pk, "function": "Welzijnswerker"},
                {"account": "bo buurtsport", "function": "Buurtsportcoach", "is_experience_expert": True},
            ],
            lead="1",
        ),
    )

    workgroup = Workgroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == workgroup.get_absolute_url()
    assert (workgroup.name, workgroup.origin_theme, workgroup.started_in, workgroup.status) == (
        "Bewegen voor iedereen",
        theme,
        past_edition,
        Workgroup.Status.ACTIVE,
    )
    assert workgroup.started_on == timezone.localdate(past_edition.starts_at)  # the edition's date by default
    members = workgroup.memberships.order_by("pk")
    assert [(m.user, m.organisation, m.function, m.role, m.status, m.is_experience_expert) for m in members] == [
        (gp, care, "Huisarts", "member", "active", False),
        (worker, welfare, "Welzijnswerker", "lead", "active", False),
        (coach, sport, "Buurtsportcoach", "member", "active", True),  # organisation taken from the account
    ]


def test_named_member_without_account_is_stored_and_shown_with_function_and_organisation(
    coordinator_client, three_organisations
):
    care, welfare, _sport = three_organisations
    lead = _partner("Lotte Leider", welfare)

    coordinator_client.post(
        URL,
        _post(
            rows=[
                {"account": "Lotte Leider", "function": "Welzijnswerker"},
                {"name": "  Dokter Jansen ", "organisation": care.pk, "function": "Huisarts"},
            ],
            lead="0",
        ),
    )

    workgroup = Workgroup.objects.get()
    named = workgroup.memberships.get(user__isnull=True)
    assert (named.name, named.person_name, named.organisation, named.function, named.role) == (
        "Dokter Jansen",
        "Dokter Jansen",
        care,
        "Huisarts",
        "member",
    )
    assert workgroup.memberships.get(role="lead").user == lead
    html = collapsed(coordinator_client.get(workgroup.get_absolute_url()).content)
    assert "<strong>Dokter Jansen</strong>" in html
    assert f'Huisarts, <a href="{care.get_absolute_url()}">Zorgalliantie</a>' in html
    assert "Maak Dokter Jansen trekker" not in html  # no account: cannot lead


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Niemand Bekend", "Geen account gevonden voor “Niemand Bekend”."),
        ("Jansen", "Er zijn meer accounts die passen bij “Jansen”. Typ de volledige naam of het e-mailadres."),
    ],
)
def test_unknown_or_ambiguous_account_is_refused_and_nothing_stored(coordinator_client, typed, message):
    UserFactory(display_name="Piet Jansen")
    UserFactory(display_name="Marie Jansen")
    before = WorkgroupMembership.objects.count()

    response = coordinator_client.post(URL, _post(rows=[{"name": "Iemand"}, {"account": typed}]))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Workgroup.objects.count() == 0
    assert WorkgroupMembership.objects.count() == before


def test_exact_name_wins_over_partial_matches(coordinator_client):
    exact = UserFactory(display_name="Jan")
    UserFactory(display_name="Jan de Vries")

    coordinator_client.post(URL, _post(rows=[{"account": "jan"}]))

    assert Workgroup.objects.get().memberships.get().user == exact


def test_a_member_without_account_cannot_be_the_lead(coordinator_client):
    response = coordinator_client.post(URL, _post(rows=[{"name": "Dokter Jansen"}], lead="0"))

    assert response.status_code == 200
    assert "Dokter Jansen heeft geen account en kan geen trekker zijn." in response.content.decode()
    assert Workgroup.objects.count() == 0


def test_same_person_twice_is_refused(coordinator_client):
    person = UserFactory(display_name="Sanne de Wit")

    response = coordinator_client.post(URL, _post(rows=[{"account": "Sanne de Wit"}, {"account": person.email}]))

    assert "Sanne de Wit staat meer dan één keer in de lijst." in response.content.decode()
    assert Workgroup.objects.count() == 0


def test_account_and_name_in_one_row_is_refused(coordinator_client):
    UserFactory(display_name="Sanne de Wit")

    response = coordinator_client.post(URL, _post(rows=[{"account": "Sanne de Wit", "name": "Sanne"}]))

    assert "Vul een account of een naam in, niet allebei." in response.content.decode()
    assert Workgroup.objects.count() == 0


def test_future_start_edition_is_refused_with_a_clear_message(coordinator_client, future_edition):
    response = coordinator_client.post(URL, _post(started_in=future_edition.pk, rows=[{"name": "Iemand"}]))

    assert response.status_code == 200
    assert (
        f"{future_edition.title} is nog niet geweest. Kies de editie waarop de groep is ontstaan, of laat dit leeg."
        in response.content.decode()
    )
    assert (Workgroup.objects.count(), WorkgroupMembership.objects.count()) == (0, 0)
    with pytest.raises(ValidationError, match="is nog niet geweest"):
        services.create_workgroup(name="Te vroeg", started_in=future_edition)


def test_start_edition_list_offers_only_editions_that_took_place(coordinator_client, past_edition, future_edition):
    response = coordinator_client.get(URL)

    offered = [value for value, _label in response.context["form"].fields["started_in"].choices]
    assert offered == ["", past_edition.pk]
    assert "De editie waarop de groep is ontstaan." in response.content.decode()


def test_service_stores_nothing_when_a_later_member_is_wrong(three_organisations):
    person = UserFactory()
    members = [
        services.MemberSpec(user=person, lead=True),
        services.MemberSpec(name="Dokter Jansen"),
        services.MemberSpec(name="", function="Huisarts"),
    ]

    with pytest.raises(ValidationError, match="Geef elk lid een account of een naam"):
        services.create_workgroup(name="Half", members=members)

    assert (Workgroup.objects.count(), WorkgroupMembership.objects.count()) == (0, 0)


@pytest.mark.parametrize("who", ["resident", "partner", "lead"])
def test_only_coordinators_create_groups(client, who, workgroup, lead):
    client.force_login({"resident": UserFactory(), "partner": PartnerFactory(), "lead": lead}[who])
    memberships = WorkgroupMembership.objects.count()

    get = client.get(URL)
    post = client.post(URL, _post(rows=[{"name": "Dokter Jansen"}]))

    assert (get.status_code, post.status_code) == (403, 403)
    assert list(Workgroup.objects.all()) == [workgroup]
    assert WorkgroupMembership.objects.count() == memberships


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL, _post(rows=[{"name": "Dokter Jansen"}]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Workgroup.objects.count() == 0


def test_more_rows_without_javascript_keeps_everything_typed(coordinator_client, three_organisations):
    care = three_organisations[0]
    UserFactory(display_name="Lotte Leider")
    data = _post(
        name="Half ingevuld",
        rows=[{"account": "Lotte Leider", "function": "Trekker"}, {"name": "Dokter Jansen", "organisation": care.pk}],
        lead="0",
        more_rows="1",
    )
    data["members-2-is_experience_expert"] = "on"

    response = coordinator_client.post(URL, data)

    assert response.status_code == 200
    assert Workgroup.objects.count() == 0
    members = response.context["members"]
    assert len(members.forms) == 6
    html = collapsed(response.content)
    assert 'value="Half ingevuld"' in html
    assert 'name="members-0-account" value="Lotte Leider"' in html
    assert 'name="members-1-name" value="Dokter Jansen"' in html
    assert f'<option value="{care.pk}" selected>Zorgalliantie</option>' in html
    assert 'name="members-2-is_experience_expert"' in html
    assert 'value="0" id="id_lead_0" checked' in html
    assert 'name="members-TOTAL_FORMS" value="6"' in html
    assert "is-invalid" not in html  # no errors for a form that was not sent yet


def test_rows_beyond_the_initial_ones_still_post_after_more_rows(coordinator_client):
    UserFactory(display_name="Lotte Leider")
    data = _post(rows=[{"account": "Lotte Leider"}, {}, {}, {}, {"name": "Dokter Jansen"}], lead="0")
    data["members-INITIAL_FORMS"] = "3"  # as rendered after "More rows"

    response = coordinator_client.post(URL, data)

    assert response.status_code == 302
    workgroup = Workgroup.objects.get()
    assert sorted(m.person_name for m in workgroup.memberships.all()) == ["Dokter Jansen", "Lotte Leider"]


def test_create_page_prefills_from_a_theme(coordinator_client, past_edition):
    theme = Theme.objects.create(conference=past_edition, title="Samen eten", description="Aan tafel", status="chosen")

    response = coordinator_client.get(URL, {"thema": theme.pk})

    form = response.context["form"]
    assert (form["name"].value(), form["focus"].value(), form["origin_theme"].value(), form["started_in"].value()) == (
        "Samen eten",
        "Aan tafel",
        theme.pk,
        past_edition.pk,
    )
    assert f'<optgroup label="{past_edition.title}">' in response.content.decode()


def test_create_page_shows_no_email_addresses_and_bounded_queries(
    coordinator_client, three_organisations, django_assert_max_num_queries
):
    partners = [_partner(f"Partner {i}", three_organisations[i % 3]) for i in range(30)]

    with django_assert_max_num_queries(12):
        response = coordinator_client.get(URL)

    html = collapsed(response.content)
    assert '<option value="Partner 7">' in html  # suggestions by name …
    assert all(partner.email not in html for partner in partners)  # … never by address


def test_members_without_account_get_no_email(coordinator, edition):
    lead = PartnerFactory()
    workgroup = services.create_workgroup(
        name="Meldingen",
        members=[services.MemberSpec(user=lead, lead=True), services.MemberSpec(name="Dokter Jansen")],
    )
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, status="submitted")

    services.publish_report(report=report)
    services.record_decision(report=report, decided_by=coordinator, decision="continue")

    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [lead.email, lead.email]


def test_members_without_account_hold_no_permissions(workgroup):
    services.add_member(workgroup=workgroup, name="Dokter Jansen")
    stranger = UserFactory(display_name="Dokter Jansen")

    assert not stranger.has_perm("workgroups.write_report", workgroup)
    assert not stranger.has_perm("workgroups.leave", workgroup)


def test_from_theme_before_its_edition_has_no_start_edition(future_edition):
    theme = Theme.objects.create(conference=future_edition, title="Vooruit", description="x", status="chosen")

    workgroup = services.create_workgroup_from_theme(theme=theme)

    assert (workgroup.origin_theme, workgroup.started_in, workgroup.started_on) == (theme, None, timezone.localdate())


def test_edit_keeps_a_start_edition_but_refuses_a_new_future_one(client, workgroup, lead, future_edition):
    client.force_login(lead)
    url = reverse("workgroups:edit", args=[workgroup.slug])

    response = client.post(url, {"name": workgroup.name, "status": "active", "started_in": future_edition.pk})
    assert "is nog niet geweest" in response.content.decode()
    Workgroup.objects.filter(pk=workgroup.pk).update(started_in=future_edition)  # set before this rule
    response = client.post(url, {"name": "Nieuwe naam", "status": "active", "started_in": future_edition.pk})

    workgroup.refresh_from_db()
    assert response.status_code == 302
    assert (workgroup.name, workgroup.started_in) == ("Nieuwe naam", future_edition)


# Adding and removing members later ----------------------------------------------------------


def test_coordinator_adds_named_member_and_account_later(coordinator_client, workgroup, lead):
    organisation = OrganisationFactory(name="Huisartsenpraktijk Malden")
    person = UserFactory(display_name="Bo Buurtsport")
    url = reverse("workgroups:member_add", args=[workgroup.slug])

    coordinator_client.post(url, {"name": "Dokter Jansen", "organisation": organisation.pk, "function": "Huisarts"})
    coordinator_client.post(url, {"account": person.email, "function": "Buurtsportcoach", "lead": "on"})

    members = {
        m.person_name: (m.function, m.organisation, m.role) for m in workgroup.memberships.filter(status="active")
    }
    assert members == {
        "Dokter Jansen": ("Huisarts", organisation, "member"),
        "Bo Buurtsport": ("Buurtsportcoach", None, "lead"),
        str(lead): ("", lead.organisations.get(), "member"),
    }


def test_adding_the_same_named_member_twice_is_refused(coordinator_client, workgroup):
    url = reverse("workgroups:member_add", args=[workgroup.slug])
    coordinator_client.post(url, {"name": "Dokter Jansen"})

    response = coordinator_client.post(url, {"name": "dokter jansen"})

    assert "dokter jansen is al lid van deze werkgroep." in response.content.decode()
    assert workgroup.memberships.count() == 1


def test_coordinator_removes_a_named_member_but_not_the_lead_of_others(coordinator_client, workgroup, lead, member):
    named = services.add_member(workgroup=workgroup, name="Dokter Jansen")
    lead_membership = workgroup.memberships.get(user=lead)

    coordinator_client.post(reverse("workgroups:member_remove", args=[workgroup.slug, named.pk]))
    response = coordinator_client.post(
        reverse("workgroups:member_remove", args=[workgroup.slug, lead_membership.pk]), follow=True
    )

    named.refresh_from_db()
    lead_membership.refresh_from_db()
    assert named.status == "left"
    assert (lead_membership.status, lead_membership.role) == ("active", "lead")
    assert f"Maak eerst een ander lid trekker voordat u {lead} verwijdert." in response.content.decode()


@pytest.mark.parametrize("who", ["lead", "member", "partner"])
def test_only_coordinators_add_or_remove_members(client, workgroup, lead, member, who):
    named = services.add_member(workgroup=workgroup, name="Dokter Jansen")
    client.force_login({"lead": lead, "member": member, "partner": PartnerFactory()}[who])
    before = sorted(workgroup.memberships.values_list("pk", "status"))

    add = client.post(reverse("workgroups:member_add", args=[workgroup.slug]), {"name": "Nog iemand"})
    remove = client.post(reverse("workgroups:member_remove", args=[workgroup.slug, named.pk]))

    assert (add.status_code, remove.status_code) == (403, 403)
    assert sorted(workgroup.memberships.values_list("pk", "status")) == before


def test_named_member_cannot_be_handed_the_lead(workgroup, lead):
    named = services.add_member(workgroup=workgroup, name="Dokter Jansen")

    with pytest.raises(ValidationError, match="Dokter Jansen heeft geen account"):
        services.hand_over_lead(workgroup=workgroup, to=named)


def test_members_are_sorted_by_name_with_and_without_account(client, workgroup):
    WorkgroupMembershipFactory(workgroup=workgroup, user=UserFactory(display_name="Zora"), role="lead")
    WorkgroupMembershipFactory(workgroup=workgroup, user=UserFactory(display_name="Bert"))
    services.add_member(workgroup=workgroup, name="anna")
    services.add_member(workgroup=workgroup, name="Carla")

    response = client.get(workgroup.get_absolute_url())

    assert [m.person_name for m in response.context["members"]] == ["Zora", "anna", "Bert", "Carla"]


@pytest.mark.parametrize("count", [1, 15])
def test_workgroup_page_queries_do_not_grow_with_named_members(client, workgroup, count, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    for i in range(count):
        services.add_member(workgroup=workgroup, name=f"Persoon {i}", organisation=organisation, function="Huisarts")

    with django_assert_max_num_queries(9):
        response = client.get(workgroup.get_absolute_url())

    assert len(response.context["members"]) == count


def test_dashboard_shows_my_function(client, workgroup):
    partner = PartnerFactory()
    services.add_member(workgroup=workgroup, user=partner, function="Welzijnswerker")
    client.force_login(partner)

    html = client.get(reverse("workgroups:dashboard")).content.decode()

    assert "Trekker · Welzijnswerker" in html


def test_start_date_can_be_given(coordinator_client, past_edition):
    coordinator_client.post(URL, _post(started_in=past_edition.pk, started_on="2024-04-02"))

    assert Workgroup.objects.get().started_on == date(2024, 4, 2)


def test_workgroup_factory_still_works_without_members():
    assert WorkgroupFactory().memberships.count() == 0


def test_group_outside_an_edition_starts_today(coordinator_client):
    coordinator_client.post(URL, _post())

    assert Workgroup.objects.get().started_on == timezone.localdate()


def test_chosen_theme_page_links_to_the_set_up_form(coordinator_client, past_edition):
    theme = Theme.objects.create(conference=past_edition, title="Samen eten", description="x", status="chosen")

    html = coordinator_client.get(theme.get_absolute_url()).content.decode()

    assert f'href="{URL}?thema={theme.pk}"' in html


def test_non_coordinators_never_find_accounts_by_email():
    from workgroups import selectors

    person = UserFactory(display_name="Sanne de Wit")

    assert selectors.find_accounts(person.email, by_email=False) == []
    assert selectors.find_accounts(person.email.upper(), by_email=True) == [person]
    assert selectors.find_accounts("  sanne   DE wit ", by_email=False) == [person]
