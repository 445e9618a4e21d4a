"""Who may do what: small named predicates, used by views, templates, querysets and services alike.

Residents are signed-in users: e-mail verification is mandatory (allauth), so a user
who can sign in has a verified address. Partners are members of an organisation.
Coordinators carry the coordinator flag (or are superusers) on an active account
(``holds_coordinator_role``); the role takes effect only once they sign in with a second factor
(an authenticator app: ``has_second_factor``). ``is_coordinator`` is that one definition, used by
every permission, page and query; querysets filter with ``coordinators_q`` (the same rule as a
query) or branch on ``is_coordinator(user)`` itself. A role holder without a second factor is
sent to set one up (``needs_second_factor``; conference/views/errors.py) and meanwhile acts as a
resident.
"""

import rules
from django.db.models import Exists, OuterRef, Q


@rules.predicate
def is_resident(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def holds_coordinator_role(user):
    """The role itself: the coordinator flag or a superuser, on an active account."""
    return bool(is_resident(user) and (user.is_coordinator or user.is_superuser))


def _second_factors():
    from allauth.mfa.models import Authenticator

    # Recovery codes only stand in for a lost app: on their own they are no second factor.
    return Authenticator.objects.exclude(type=Authenticator.Type.RECOVERY_CODES)


@rules.predicate
def has_second_factor(user):
    """An authenticator app (TOTP) or another real second factor, not recovery codes alone.

    Asked once per user object: the answer is kept on it (``_has_second_factor``), and a selector
    that lists people may annotate it so a list costs no query per row.
    """
    if not is_resident(user):
        return False
    cached = getattr(user, "_has_second_factor", None)
    if cached is None:
        cached = _second_factors().filter(user_id=user.pk).exists()
        user._has_second_factor = cached
    return bool(cached)


@rules.predicate
def is_coordinator(user):
    """The coordinator role in effect: held, and signed in with a second factor on the account."""
    return bool(holds_coordinator_role(user) and has_second_factor(user))


@rules.predicate
def needs_second_factor(user):
    """Holds the coordinator role but has no second factor yet: must enrol before acting as one."""
    return bool(holds_coordinator_role(user) and not has_second_factor(user))


@rules.predicate
def needs_second_factor_for_admin(user):
    """May open the Django admin (staff) or holds the coordinator role, but has no second factor yet."""
    return bool(is_resident(user) and (user.is_staff or holds_coordinator_role(user)) and not has_second_factor(user))


def second_factor_exists(prefix: str = "") -> Exists:
    """``has_second_factor`` as an expression on users (``prefix`` for a relation, e.g. ``"user__"``)."""
    return Exists(_second_factors().filter(user_id=OuterRef(f"{prefix}pk")))


def partner_exists() -> Exists:
    """``is_partner`` as an expression on users: a member of at least one organisation."""
    from conference.models import Membership

    return Exists(Membership.objects.filter(user_id=OuterRef("pk")))


def role_holders_q(prefix: str = "") -> Q:
    """``holds_coordinator_role`` as a filter on users (``prefix`` for a relation, e.g. ``"user__"``)."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}is_coordinator": True}) | Q(**{f"{prefix}is_superuser": True})
    )


def coordinators_q(prefix: str = "") -> Q:
    """``is_coordinator`` as a filter on users (``prefix`` for a relation, e.g. ``"user__"``)."""
    return role_holders_q(prefix) & Q(second_factor_exists(prefix))


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
