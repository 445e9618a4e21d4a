"""Who may do what: small named predicates, used by views and templates alike.

Residents are signed-in users: e-mail verification is mandatory (allauth), so a user
who can sign in has a verified address. Partners are members of an organisation.
Coordinators carry the coordinator flag (or are superusers).
"""

import rules


@rules.predicate
def is_resident(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_coordinator(user):
    return bool(is_resident(user) and (user.is_coordinator or user.is_superuser))


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


rules.add_perm("conference.manage", is_coordinator)
rules.add_perm("conference.record_outcomes", is_table_host | is_coordinator)
rules.add_perm("conference.register", is_resident)
rules.add_perm("conference.manage_roles", is_coordinator)
rules.add_perm("conference.change_own_coordinator_role", is_coordinator & ~is_self)
rules.add_perm("conference.act_for_organisation", is_member_of_organisation | is_coordinator)
rules.add_perm("conference.participate", is_resident)
