"""What the conference app adds to the audit trail: editions, programme, table talks, recaps, roles.

Registered from ``ConferenceConfig.ready()``; ``themes`` and ``workgroups`` register their own
models the same way. Accounts are audited for their roles only (never their e-mail address or
password), and the entry names the account by its current name, not a copy of it.
"""

from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conference import audit
from conference.audit.recording import forget_deleted_account
from conference.models import (
    Edition,
    Membership,
    Organisation,
    Organiser,
    Outcome,
    Recap,
    RecapSection,
    Session,
    SessionHost,
    SiteSettings,
    TableSheetPhoto,
    TableTalk,
    User,
)

audit.register(Edition, kind="edition", label=_("Edition"), edition=lambda edition: edition.pk, order=10)
audit.register(
    Session,
    kind="session",
    label=_("Session"),
    edition=lambda session: session.conference_id,
    related=["conference"],
    order=20,
)
audit.register(
    SessionHost,
    kind="session_host",
    label=_("Speaker or host"),
    edition=lambda host: host.session.conference_id,
    url=lambda host: host.session.get_absolute_url(),
    related=["session__conference", "organisation"],
    order=21,
)
audit.register(
    TableTalk,
    kind="table_talk",
    label=_("Table talk"),
    edition=lambda table: table.conference_id,
    related=["conference"],
    order=30,
)
audit.register(
    Outcome,
    kind="outcome",
    label=_("Table-talk outcome"),
    exclude=["created_by", "published_at"],  # who and when: the entry says so; the status says published
    edition=lambda outcome: outcome.table_talk.conference_id,
    url=lambda outcome: outcome.table_talk.get_absolute_url(),
    related=["table_talk__conference"],
    order=31,
)
audit.register(
    TableSheetPhoto,
    kind="sheet_photo",
    label=_("Photo of a table sheet"),
    exclude=["thumbnail", "width", "height", "uploaded_by"],
    edition=lambda photo: photo.table_talk.conference_id,
    name=lambda photo: photo.description or photo.table_talk.title,
    url=lambda photo: photo.table_talk.get_absolute_url(),
    related=["table_talk__conference"],
    order=32,
)
audit.register(
    Recap,
    kind="recap",
    label=_("Recap"),
    exclude=["updated_by"],  # the entry's actor
    edition=lambda recap: recap.conference_id,
    related=["conference"],
    order=40,
)
audit.register(
    RecapSection,
    kind="recap_section",
    label=_("Section of a recap"),
    edition=lambda section: section.recap.conference_id,
    url=lambda section: section.recap.get_absolute_url(),
    related=["recap__conference"],
    order=41,
)
audit.register(
    User,
    kind="account",
    label=_("Role of an account"),
    fields=["is_coordinator", "is_staff", "is_superuser", "is_active"],
    actions=["changed"],
    state_fields=["is_coordinator", "is_staff", "is_superuser", "is_active"],
    subject=lambda user: user.pk,
    name=lambda user: "",
    url=False,
    order=80,
)
audit.register(
    Membership,
    kind="partner_role",
    label=_("Partner role"),
    fields=["organisation"],
    subject=lambda membership: membership.user_id,
    name=lambda membership: membership.organisation.name,
    url=lambda membership: membership.organisation.get_absolute_url(),
    related=["organisation"],
    action_labels={"created": _("Partner role granted"), "deleted": _("Partner role removed")},
    order=81,
)
audit.register(Organisation, kind="organisation", label=_("Organisation"), order=85)
audit.register(
    Organiser,
    kind="organiser",
    label=_("Other organiser"),
    url=lambda organiser: reverse("conference:manage_organiser_edit", args=[organiser.pk]),
    order=86,
)
audit.register(
    SiteSettings,
    kind="site",
    label=_("Organising body"),
    url=lambda site: reverse("conference:manage_site"),
    order=90,
)

post_delete.connect(forget_deleted_account, sender=User, dispatch_uid="conference.audit:forget_deleted_account")
