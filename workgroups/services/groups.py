"""Workgroups and their members: creating (also from a chosen theme), changing, joining, leading, leaving."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from conference.models import Edition, Organisation, User
from workgroups import notifications
from workgroups.models import (
    Workgroup,
    WorkgroupMembership,
)

RESERVED_SLUGS = {"mijn", "toezeggingen", "nieuw-uit-thema", "nieuw"}
Active = WorkgroupMembership.Status.ACTIVE


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "werkgroep"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Workgroup.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


# Workgroups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSpec:
    """One person to put in a group: an account, or a name for someone without one."""

    user: User | None = None
    name: str = ""
    organisation: Organisation | None = None
    function: str = ""
    is_experience_expert: bool = False
    lead: bool = False

    @property
    def label(self) -> str:
        return str(self.user) if self.user else self.name.strip()


def _check_start_edition(started_in: Edition | None) -> None:
    if started_in is not None and started_in.starts_at > timezone.now():
        raise ValidationError(
            _(
                "%(edition)s has not taken place yet. Choose the edition at which the group was formed, "
                "or leave it empty."
            )
            % {"edition": started_in}
        )


def _start_date(started_in: Edition | None, started_on: date | None) -> date:
    """The day a new group starts: as given, else the day of its start edition, else today."""
    if started_on is None and started_in is not None:
        return timezone.localdate(started_in.starts_at)
    return started_on or timezone.localdate()


@transaction.atomic
def create_workgroup(
    *,
    name: str,
    slug: str = "",
    focus: str = "",
    started_in: Edition | None = None,
    started_on: date | None = None,
    origin_theme=None,
    status=Workgroup.Status.ACTIVE,
    contact: str = "",
    members: Iterable[MemberSpec] = (),
) -> Workgroup:
    """A new group with its members and lead, all or nothing. ``slug`` is a wish: taken, it gets a number."""
    if not name.strip():
        raise ValidationError(_("A workgroup needs a name."))
    _check_start_edition(started_in)
    workgroup = Workgroup.objects.create(
        name=name.strip(),
        slug=unique_slug(slug or name),
        focus=focus,
        origin_theme=origin_theme,
        started_in=started_in,
        started_on=_start_date(started_in, started_on),
        status=status,
        contact=contact,
    )
    _add_members(workgroup, list(members))
    return workgroup


def _add_members(workgroup: Workgroup, members: list[MemberSpec]) -> None:
    leads = [spec for spec in members if spec.lead]
    if len(leads) > 1:
        raise ValidationError(_("Choose one lead."))
    seen: set = set()
    rows = []
    for spec in members:
        if spec.user is None and not spec.name.strip():
            raise ValidationError(_("Give each member an account or a name."))
        if spec.lead and spec.user is None:
            raise ValidationError(
                _("%(name)s has no account and cannot be the lead. Choose a member with an account.")
                % {"name": spec.label}
            )
        key = ("user", spec.user.pk) if spec.user else ("name", spec.name.strip().casefold())
        if key in seen:
            raise ValidationError(_("%(name)s is in the list more than once.") % {"name": spec.label})
        seen.add(key)
        rows.append(
            WorkgroupMembership(
                workgroup=workgroup,
                user=spec.user,
                name="" if spec.user else spec.name.strip(),
                organisation=spec.organisation or (_default_organisation(spec.user) if spec.user else None),
                function=spec.function.strip(),
                is_experience_expert=spec.is_experience_expert,
                role=WorkgroupMembership.Role.LEAD if spec.lead else WorkgroupMembership.Role.MEMBER,
                status=Active,
            )
        )
    for row in rows:
        row.full_clean(exclude=["workgroup"], validate_unique=False, validate_constraints=False)
    WorkgroupMembership.objects.bulk_create(rows)


@transaction.atomic
def create_workgroup_from_theme(*, theme) -> Workgroup:
    """One step: a chosen theme becomes a workgroup with its title and description, linked back.

    It starts at the theme's edition once that has taken place; before, it has no start edition yet.
    """
    theme = type(theme).objects.select_for_update().select_related("conference").get(pk=theme.pk)
    if theme.status != type(theme).Status.CHOSEN:
        raise ValidationError(_("Only a chosen theme can become a workgroup."))
    if theme.workgroups.exists():
        raise ValidationError(_("This theme already became a workgroup."))
    edition = theme.conference if theme.conference.starts_at <= timezone.now() else None
    return create_workgroup(
        name=theme.title,
        focus=theme.description,
        started_in=edition,
        started_on=None if edition else timezone.localdate(),
        origin_theme=theme,
    )


#: What the lead (or a coordinator) changes on the group's edit page. Not its status: that
#: follows from the coordinator's decision on a report (``record_decision``).
WORKGROUP_FIELDS = ("name", "focus", "origin_theme", "started_in", "started_on", "contact")


@transaction.atomic
def update_workgroup(*, workgroup: Workgroup, **fields) -> Workgroup:
    unknown = set(fields) - set(WORKGROUP_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    workgroup = Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    previous_start = workgroup.started_in_id
    for name, value in fields.items():
        setattr(workgroup, name, value)
    if not workgroup.name.strip():
        raise ValidationError(_("A workgroup needs a name."))
    if workgroup.started_in_id != previous_start:
        _check_start_edition(workgroup.started_in)
    workgroup.save()
    return workgroup


# Membership ---------------------------------------------------------------------------------


def _default_organisation(user) -> Organisation | None:
    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    return membership.organisation if membership else None


@transaction.atomic
def request_membership(
    *, workgroup: Workgroup, user, is_experience_expert: bool = False, motivation: str = ""
) -> WorkgroupMembership:
    if workgroup.status in (Workgroup.Status.COMPLETED, Workgroup.Status.STOPPED):
        raise ValidationError(_("This workgroup no longer takes new members."))
    if not user.memberships.exists():
        raise ValidationError(_("Only partners can join a workgroup."))
    membership = WorkgroupMembership.objects.select_for_update().filter(workgroup=workgroup, user=user).first()
    if membership and membership.status in (Active, WorkgroupMembership.Status.REQUESTED):
        raise ValidationError(_("You are already a member or have already asked to join."))
    membership = membership or WorkgroupMembership(workgroup=workgroup, user=user)
    membership.status = WorkgroupMembership.Status.REQUESTED
    membership.role = WorkgroupMembership.Role.MEMBER
    membership.organisation = _default_organisation(user)
    membership.is_experience_expert = is_experience_expert
    membership.motivation = motivation
    membership.save()
    return membership


def _lead_of(workgroup: Workgroup) -> WorkgroupMembership | None:
    return workgroup.memberships.filter(status=Active, role=WorkgroupMembership.Role.LEAD).first()


@transaction.atomic
def accept_membership(*, membership: WorkgroupMembership) -> WorkgroupMembership:
    """Accept a request. The first member of a group without a lead becomes its lead."""
    membership = WorkgroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != WorkgroupMembership.Status.REQUESTED:
        raise ValidationError(_("This request has already been handled."))
    Workgroup.objects.select_for_update().get(pk=membership.workgroup_id)
    membership.status = Active
    if _lead_of(membership.workgroup) is None:
        membership.role = WorkgroupMembership.Role.LEAD
    membership.save()
    return membership


@transaction.atomic
def decline_membership(*, membership: WorkgroupMembership) -> WorkgroupMembership:
    membership = WorkgroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != WorkgroupMembership.Status.REQUESTED:
        raise ValidationError(_("This request has already been handled."))
    membership.status = WorkgroupMembership.Status.DECLINED
    membership.save()
    return membership


@transaction.atomic
def add_member(
    *,
    workgroup: Workgroup,
    user=None,
    name: str = "",
    lead: bool = False,
    is_experience_expert: bool = False,
    organisation=None,
    function: str = "",
) -> WorkgroupMembership:
    """A coordinator (or the demo) puts someone in a group directly: an account, or a named person.

    A group without a lead gets the first member with an account as its lead.
    """
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    if user is None:
        return _add_named_member(
            workgroup,
            name=name,
            lead=lead,
            is_experience_expert=is_experience_expert,
            organisation=organisation,
            function=function,
        )
    membership, _created = WorkgroupMembership.objects.get_or_create(workgroup=workgroup, user=user)
    membership.status = Active
    membership.organisation = organisation or membership.organisation or _default_organisation(user)
    membership.is_experience_expert = is_experience_expert
    membership.function = function.strip() or membership.function
    current_lead = _lead_of(workgroup)
    if lead and current_lead and current_lead.pk != membership.pk:
        current_lead.role = WorkgroupMembership.Role.MEMBER
        current_lead.save()
    if lead or current_lead is None:
        membership.role = WorkgroupMembership.Role.LEAD
    membership.save()
    return membership


def _add_named_member(workgroup: Workgroup, *, name: str, lead: bool, **fields) -> WorkgroupMembership:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give each member an account or a name."))
    if lead:
        raise ValidationError(
            _("%(name)s has no account and cannot be the lead. Choose a member with an account.") % {"name": name}
        )
    if workgroup.memberships.filter(user__isnull=True, status=Active, name__iexact=name).exists():
        raise ValidationError(_("%(name)s is already a member of this workgroup.") % {"name": name})
    membership = WorkgroupMembership(
        workgroup=workgroup, name=name, status=Active, role=WorkgroupMembership.Role.MEMBER, **fields
    )
    membership.function = membership.function.strip()
    membership.full_clean(exclude=["workgroup"], validate_unique=False, validate_constraints=False)
    membership.save()
    return membership


@transaction.atomic
def remove_member(*, membership: WorkgroupMembership) -> WorkgroupMembership:
    """A coordinator takes someone out of a group; the lead only once another member leads."""
    Workgroup.objects.select_for_update().get(pk=membership.workgroup_id)
    membership = WorkgroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Active:
        raise ValidationError(_("%(name)s is not a member of this workgroup.") % {"name": membership.person_name})
    others = membership.workgroup.memberships.filter(status=Active).exclude(pk=membership.pk)
    if membership.role == WorkgroupMembership.Role.LEAD and others.exists():
        raise ValidationError(
            _("Make another member the lead before you remove %(name)s.") % {"name": membership.person_name}
        )
    membership.status = WorkgroupMembership.Status.LEFT
    membership.role = WorkgroupMembership.Role.MEMBER
    membership.save()
    return membership


@transaction.atomic
def leave_workgroup(*, workgroup: Workgroup, user) -> WorkgroupMembership:
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    membership = workgroup.memberships.filter(user=user, status=Active).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this workgroup."))
    others = workgroup.memberships.filter(status=Active).exclude(pk=membership.pk)
    if membership.role == WorkgroupMembership.Role.LEAD and others.exists():
        raise ValidationError(_("Hand over the lead role to another member before you leave."))
    membership.status = WorkgroupMembership.Status.LEFT
    membership.role = WorkgroupMembership.Role.MEMBER
    membership.save()
    return membership


@transaction.atomic
def hand_over_lead(*, workgroup: Workgroup, to: WorkgroupMembership) -> WorkgroupMembership:
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    to = WorkgroupMembership.objects.select_for_update().get(pk=to.pk)
    if to.workgroup_id != workgroup.pk or to.status != Active:
        raise ValidationError(_("The lead role can only go to an active member of this workgroup."))
    if to.user_id is None:
        raise ValidationError(
            _("%(name)s has no account and cannot be the lead. Choose a member with an account.")
            % {"name": to.person_name}
        )
    current = _lead_of(workgroup)
    if current and current.pk == to.pk:
        raise ValidationError(_("This person is already the lead."))
    if current:
        current.role = WorkgroupMembership.Role.MEMBER
        current.save()
    to.role = WorkgroupMembership.Role.LEAD
    to.save()
    return to


@transaction.atomic
def release_deleted_account(*, user) -> list[Workgroup]:
    """A person deletes their account: their memberships go, and the groups they led get a new lead.

    The lead role goes to the member with an account who joined first (as when a group without a
    lead accepts its first member); they hear so by e-mail. Groups where nobody with an account is
    left have no lead until a coordinator gives them one; they are returned, and the coordinators'
    dashboard lists every active group without a lead (``selectors.workgroups_without_lead``).
    """
    led = WorkgroupMembership.objects.filter(user=user, status=Active, role=WorkgroupMembership.Role.LEAD)
    groups = list(Workgroup.objects.select_for_update().filter(pk__in=led.values("workgroup_id")).order_by("pk"))
    WorkgroupMembership.objects.filter(user=user).delete()
    leaderless = []
    for workgroup in groups:
        successor = (
            workgroup.memberships.select_for_update(of=("self",))
            .filter(status=Active, user__isnull=False, user__is_active=True)
            .order_by("created_at", "pk")
            .first()
        )
        if successor is None:
            leaderless.append(workgroup)
            continue
        successor.role = WorkgroupMembership.Role.LEAD
        successor.save(update_fields=["role", "updated_at"])
        notifications.lead_handed_over(successor)
    return leaderless
