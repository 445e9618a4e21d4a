"""Commitments: what an organisation pledges to a workgroup, and the coordinator's review."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Edition, Organisation
from workgroups.models import (
    Commitment,
    Workgroup,
)

# Commitments --------------------------------------------------------------------------------


def _check_quantities(hours, amount) -> None:
    if hours is not None and hours < 0:
        raise ValidationError(_("The number of hours cannot be negative."))
    if amount is not None and amount < 0:
        raise ValidationError(_("The amount cannot be negative."))


@transaction.atomic
def record_commitment(
    *,
    organisation: Organisation,
    recorded_by,
    conference: Edition,
    description: str,
    kind=Commitment.Kind.HOURS,
    workgroup: Workgroup | None = None,
    due_date=None,
    hours: Decimal | None = None,
    amount: Decimal | None = None,
) -> Commitment:
    """What an organisation pledges: a note, and where it can be counted, hours and euros."""
    if not recorded_by.memberships.filter(organisation=organisation).exists():
        raise ValidationError(_("Only members of an organisation can record its commitments."))
    if not description.strip():
        raise ValidationError(_("Describe what your organisation will contribute."))
    if not conference.is_published:
        raise ValidationError(_("Choose a published edition."))
    if workgroup is not None and workgroup.status in (Workgroup.Status.STOPPED, Workgroup.Status.COMPLETED):
        raise ValidationError(_("This workgroup has stopped or is completed: choose a group that is still running."))
    _check_quantities(hours, amount)
    commitment = Commitment(
        organisation=organisation,
        recorded_by=recorded_by,
        conference=conference,
        workgroup=workgroup,
        kind=kind,
        description=description.strip(),
        due_date=due_date,
        hours=hours,
        amount=amount,
    )
    commitment.full_clean(exclude=["organisation", "conference", "workgroup", "recorded_by"])
    commitment.save()
    return commitment


@transaction.atomic
def review_commitment(*, commitment: Commitment, reviewed_by, status: str, note: str = "") -> Commitment:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if status not in Commitment.Status.values or status == Commitment.Status.OPEN:
        raise ValidationError(_("Choose whether the commitment was delivered."))
    commitment.status = status
    commitment.review_note = note.strip()
    commitment.reviewed_by = reviewed_by
    commitment.reviewed_at = timezone.now()
    commitment.save()
    return commitment
