"""iCalendar (.ics) for editions and their sessions."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from conference.models import SiteSettings

PRODID = "-//Werkconferentie portal//NL"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(edition, *, online_link: bool = False) -> str:
    """Venue and address; else the online link for those who may see it (``conference.view_online_link``)."""
    if edition.venue or edition.address:
        return ", ".join(p for p in [edition.venue, edition.address] if p)
    if edition.online_url:
        return edition.online_url if online_link else _("Online")
    return ""


def _event(
    uid: str,
    title: str,
    starts_at,
    ends_at,
    location: str,
    url: str,
    description: str = "",
    *,
    stamp: datetime,
    organiser=None,
) -> Event:
    """One event. ``organiser`` (an Organiser or the SiteSettings) becomes ORGANIZER when it has
    a contact e-mail address, and a line of the description when it has none."""
    event = Event()
    event.add("uid", uid)
    event.add("summary", title)
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("dtstamp", stamp)  # when this feed was made (RFC 5545), not when the event starts
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    lines = [description] if description else []
    if organiser is not None and organiser.contact_email:
        address = vCalAddress(f"mailto:{organiser.contact_email}")
        address.params["cn"] = vText(organiser.name)
        event.add("organizer", address)
    elif organiser is not None:
        lines.append(organised_by(organiser))
    if lines:
        event.add("description", "\n\n".join(lines))
    return event


def organised_by(organiser) -> str:
    place = getattr(organiser, "place", "")  # the site's own body has no place
    name = f"{organiser.name}, {place}" if place else organiser.name
    return _("Organised by %(name)s") % {"name": name}


def _organiser(edition, site=None):
    """Who runs the edition: its organiser, or else the portal's own organising body."""
    if edition.organiser_id:
        return edition.organiser
    return site or SiteSettings.load()


def _session_description(session) -> str:
    hosts = [f"{host.get_role_display()}: {host.label}" for host in session.hosts.all()]
    return "\n\n".join(part for part in ["\n".join(hosts), session.description] if part)


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    return hosts[0] if hosts else "localhost"


def _now() -> datetime:
    return timezone.now().astimezone(UTC).replace(microsecond=0)


def editions_calendar(editions, *, base_url: str) -> bytes:
    site = SiteSettings.load()
    stamp = _now()
    calendar = _calendar(f"{site.portal_name} {site.name}")
    for edition in editions:
        calendar.add_component(
            _event(
                f"edition-{edition.pk}@{_host()}",
                edition.title,
                edition.starts_at,
                edition.ends_at,
                _location(edition),
                base_url + edition.get_absolute_url(),
                edition.motto,
                stamp=stamp,
                organiser=_organiser(edition, site),
            )
        )
    return calendar.to_ical()


def edition_calendar(edition, sessions, *, base_url: str, online_link: bool = False) -> bytes:
    """The edition and ``sessions`` (with their hosts: prefetch them); ``online_link`` for people with a place."""
    calendar = _calendar(edition.title)
    url = base_url + edition.get_absolute_url()
    stamp = _now()
    organiser = _organiser(edition)
    calendar.add_component(
        _event(
            f"edition-{edition.pk}@{_host()}",
            edition.title,
            edition.starts_at,
            edition.ends_at,
            _location(edition, online_link=online_link),
            url,
            edition.motto,
            stamp=stamp,
            organiser=organiser,
        )
    )
    for session in sessions:
        location = ", ".join(p for p in [session.room, _location(edition, online_link=online_link)] if p)
        calendar.add_component(
            _event(
                f"session-{session.pk}@{_host()}",
                session.title,
                session.starts_at,
                session.ends_at,
                location,
                url,
                _session_description(session),
                stamp=stamp,
                organiser=organiser,
            )
        )
    return calendar.to_ical()
