"""Who may do what: small named predicates, used by views, templates, querysets and services alike.

Residents are signed-in users: e-mail verification is mandatory (allauth), so a user
who can sign in has a verified address. Partners are members of an organisation.
Coordinators carry the coordinator flag (or are superusers) on an active account:
``is_coordinator`` is the one definition; querysets filter with ``coordinators_q`` (the same
rule as a query) or branch on ``is_coordinator(user)`` itself.
"""

import rules
from django.db.models import Q


@rules.predicate
def is_resident(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_coordinator(user):
    return bool(is_resident(user) and (user.is_coordinator or user.is_superuser))


def coordinators_q(prefix: str = "") -> Q:
    """``is_coordinator`` as a filter on users (``prefix`` for a relation, e.g. ``"user__"``)."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}is_coordinator": True}) | Q(**{f"{prefix}is_superuser": True})
    )


@rules.predicate
def is_partner(user):
    if not is_resident(user):
        return False
    cached = getattr(user, "_is_partner", None)
    if cached is None:
        cached = user.memberships.exists()
        user._is_partner = cached
    return cached


@rules.predicate
def is_member_of_organisation(user, organisation):
    if not is_resident(user) or organisation is None:
        return False
    return user.memberships.filter(organisation=organisation).exists()


@rules.predicate
def is_self(user, other):
    return other is not None and user.pk == other.pk


@rules.predicate
def is_table_host(user, table_talk):
    return bool(is_resident(user) and table_talk is not None and table_talk.host_id == user.pk)


@rules.predicate
def is_published_sheet_photo(user, photo):
    return photo is not None and photo.is_published


@rules.predicate
def hosts_table_of_photo(user, photo):
    return photo is not None and is_table_host(user, photo.table_talk)


@rules.predicate
def has_online_link(user, edition):
    return edition is not None and bool(edition.online_url)


@rules.predicate
def has_a_place(user, edition):
    """A confirmed registration for the edition (not on the waiting list, not cancelled)."""
    from conference.models import Registration

    if edition is None or not is_resident(user):
        return False
    return Registration.objects.filter(user=user, conference=edition, status=Registration.Status.CONFIRMED).exists()


rules.add_perm("conference.manage", is_coordinator)
rules.add_perm("conference.record_outcomes", is_table_host | is_coordinator)
# A photo of a table sheet can show draft outcomes: until a coordinator publishes it, only who records
# the table's outcomes sees it (the same as on the table page, which also needs the edition visible).
rules.add_perm("conference.view_sheet_photo", is_published_sheet_photo | is_coordinator | hosts_table_of_photo)
rules.add_perm("conference.register", is_resident)
rules.add_perm("conference.set_coordinator_role", is_coordinator & ~is_self)
rules.add_perm("conference.participate", is_resident)
# The online meeting link is for the people with a place (and the coordinators who set it), never public.
rules.add_perm("conference.view_online_link", has_online_link & (is_coordinator | has_a_place))
