"""What the conference app adds to the site-wide search: editions, sessions, outcomes and recaps.

Registered from ``ConferenceConfig.ready()``. Visitors and residents find what the public pages
show: published editions and their programme, published outcomes and published recaps.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from conference import search
from conference.models import (
    Edition,
    Organisation,
    Organiser,
    Outcome,
    Recap,
    RecapSection,
    Session,
    SessionHost,
    TableTalk,
)

search.register_kind("edition", label=_("Edition"), plural=_("Editions"), order=10)
search.register_kind("session", label=_("Session"), plural=_("Sessions"), order=20)
search.register_kind("outcome", label=_("Table-talk outcome"), plural=_("Table-talk outcomes"), order=40)
search.register_kind("recap", label=_("Recap"), plural=_("Recaps"), order=80)

OUTCOME_TITLE_LENGTH = 120


@search.indexes(Edition, kinds=["edition"], queryset=lambda qs: qs.select_related("organiser"))
def edition_documents(edition: Edition):
    yield search.Document(
        kind="edition",
        title=edition.title,
        url_name="conference:edition_detail",
        url_kwargs={"slug": edition.slug},
        secondary=[edition.motto, edition.venue, edition.organiser.name if edition.organiser_id else ""],
        body=search.plain_text(edition.description),
        edition_id=edition.pk,
        happened_on=edition.starts_at,
        is_public=edition.is_published,
    )


def _session_queryset(sessions):
    hosts = SessionHost.objects.select_related("organisation")
    return sessions.select_related("conference").prefetch_related(Prefetch("hosts", queryset=hosts))


@search.indexes(Session, kinds=["session"], queryset=_session_queryset)
def session_documents(session: Session):
    if session.kind == Session.Kind.BREAK:
        return
    hosts = [f"{host} {host.organisation.name if host.organisation_id else ''}" for host in session.hosts.all()]
    yield search.Document(
        kind="session",
        title=session.title,
        url_name="conference:session_detail",
        url_kwargs={"slug": session.conference.slug, "pk": session.pk},
        secondary=[session.room, *hosts],
        body=search.plain_text(session.description),
        edition_id=session.conference_id,
        happened_on=session.starts_at,
        is_public=session.conference.is_published,
    )


def _outcome_title(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    if len(first) <= OUTCOME_TITLE_LENGTH:
        return first
    return first[: OUTCOME_TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


@search.indexes(Outcome, kinds=["outcome"], queryset=lambda qs: qs.select_related("table_talk__conference"))
def outcome_documents(outcome: Outcome):
    table = outcome.table_talk
    yield search.Document(
        kind="outcome",
        title=_outcome_title(outcome.text),
        url_name="conference:table_talk_detail",
        url_kwargs={"slug": table.conference.slug, "pk": table.pk},
        url_fragment=f"opbrengst-{outcome.pk}",
        secondary=table.title,
        body=outcome.text,
        edition_id=table.conference_id,
        happened_on=table.conference.starts_at,
        is_public=outcome.status == Outcome.Status.PUBLISHED and table.conference.is_published,
    )


def _recap_queryset(recaps):
    return recaps.select_related("conference").prefetch_related("sections")


@search.indexes(Recap, kinds=["recap"], queryset=_recap_queryset)
def recap_documents(recap: Recap):
    sections = list(recap.sections.all())
    yield search.Document(
        kind="recap",
        title=recap.title,
        url_name="conference:recap_detail",
        url_kwargs={"slug": recap.conference.slug},
        secondary=[section.heading for section in sections],
        body=[search.plain_text(recap.introduction), *(search.plain_text(section.body) for section in sections)],
        edition_id=recap.conference_id,
        happened_on=recap.published_at or recap.conference.ends_at,
        is_public=recap.is_published and recap.conference.is_published,
    )


# An edition's publication decides which of its sessions, outcomes and recap are public.
search.watch(Edition, lambda edition: edition.sessions.all())
search.watch(Edition, lambda edition: Outcome.objects.filter(table_talk__conference=edition))
search.watch(Edition, lambda edition: Recap.objects.filter(conference=edition))
search.watch(Organiser, lambda organiser: organiser.editions.all())
search.watch(SessionHost, lambda host: Session.objects.filter(pk=host.session_id))
search.watch(Organisation, lambda organisation: Session.objects.filter(hosts__organisation=organisation))
search.watch(TableTalk, lambda table: table.outcomes.all())
search.watch(RecapSection, lambda section: Recap.objects.filter(pk=section.recap_id))
