"""The shapes the API answers with. Field names are English and stable; descriptions are translated
(Dutch by default) through gettext, so the OpenAPI document speaks the portal's language.

Every schema reads from objects the selectors fetched: a resolver never starts a query of its own.
No schema has a field for an e-mail address, an account, a registration, a ballot or a vote of a person.
"""

from datetime import date, datetime
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import ConfigDict

from conference.models import Edition, Organisation, Outcome, Session, SessionHost
from opendata.api.common import page_url, published_slug
from themes.models import Theme
from themes.selectors import ACTIVE_STATUSES, PUBLIC_STATUSES
from workgroups.models import Commitment, Goal, ProgressReport, Workgroup


def codes(choices, *, blank: bool = False):
    """A ``Literal`` of the stored codes of a ``TextChoices``: the OpenAPI document lists them."""
    return Literal[(*choices.values, *([""] if blank else []))]


def described(text) -> ConfigDict:
    return ConfigDict(json_schema_extra={"description": text})


URL = _("The address of this item's page on the portal.")


# --- Organisations ------------------------------------------------------------------------------


class OrganisationRef(Schema):
    model_config = described(_("A partner organisation, in short."))
    slug: str = Field(description=_("Short name of the organisation; use it in /organisations/{slug}."))
    name: str = Field(description=_("Name of the organisation."))


class OrganisationOut(OrganisationRef):
    model_config = described(_("A partner organisation."))
    kind: codes(Organisation.Kind) = Field(description=_("Kind of organisation, as a code."))
    kind_label: str = Field(description=_("Kind of organisation, in words."))
    website: str = Field(description=_("Website of the organisation, or empty."))
    description: str = Field(description=_("What the organisation does."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


# --- Editions and programme ---------------------------------------------------------------------


class HostOut(Schema):
    model_config = described(_("A speaker, host or moderator of a session: a name, an organisation or both."))
    name: str = Field(description=_("Name of the person, or empty when only an organisation hosts."))
    organisation: OrganisationRef | None = Field(description=_("The organisation, or null."))
    role: codes(SessionHost.Role) = Field(description=_("Role in the session, as a code."))
    role_label: str = Field(description=_("Role in the session, in words."))

    @staticmethod
    def resolve_role_label(obj):
        return obj.get_role_display()


class SessionOut(Schema):
    model_config = described(_("One item of the programme."))
    id: int = Field(description=_("Number of the session."))
    kind: codes(Session.Kind) = Field(description=_("Kind of session, as a code."))
    kind_label: str = Field(description=_("Kind of session, in words."))
    title: str = Field(description=_("Title of the session."))
    description: str = Field(description=_("Description in Markdown."))
    starts_at: datetime = Field(description=_("When the session starts."))
    ends_at: datetime = Field(description=_("When the session ends."))
    room: str = Field(description=_("Room, or empty."))
    capacity: int | None = Field(description=_("Maximum number of participants, or null for no limit."))
    needs_registration: bool = Field(description=_("Whether participants choose this session when they register."))
    hosts: list[HostOut] = Field(description=_("Speakers, hosts and moderators, in programme order."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_hosts(obj):
        return list(obj.hosts.all())

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


class EditionOut(Schema):
    model_config = described(_("An edition of the work conference."))
    slug: str = Field(description=_("Short name of the edition; use it in /editions/{slug} and as a filter."))
    title: str = Field(description=_("Title of the edition."))
    motto: str = Field(description=_("Motto, or empty."))
    starts_at: datetime = Field(description=_("When the edition starts."))
    ends_at: datetime = Field(description=_("When the edition ends."))
    mode: codes(Edition.Mode) = Field(description=_("On site, online or both, as a code."))
    mode_label: str = Field(description=_("On site, online or both, in words."))
    venue: str = Field(description=_("Venue, or empty."))
    address: str = Field(description=_("Address of the venue, or empty."))
    online_url: str = Field(description=_("Link to join online, or empty."))
    organiser: str | None = Field(
        description=_("Name of the body that runs this edition, or null when the portal's own organising body does.")
    )
    registration_open: bool = Field(description=_("Whether people can register now."))
    updated_at: datetime = Field(description=_("When the edition itself was last changed."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_mode_label(obj):
        return obj.get_mode_display()

    @staticmethod
    def resolve_organiser(obj):
        return obj.organiser.name if obj.organiser_id else None

    @staticmethod
    def resolve_registration_open(obj):
        return obj.registration_is_open()

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


class EditionDetailOut(EditionOut):
    model_config = described(_("An edition with its programme."))
    description: str = Field(description=_("Description in Markdown."))
    programme: list[SessionOut] = Field(description=_("The sessions, in the order of the programme."))
    recap: str | None = Field(description=_("Short name of the published recap (/recaps/{slug}), or null."))
    voting_round: int | None = Field(
        description=_("Number of the voting round with published results (/voting-rounds/{id}), or null.")
    )

    # Set by the view (the reverse relations of the same names would start a query each).
    @staticmethod
    def resolve_programme(obj):
        return obj.programme

    @staticmethod
    def resolve_recap(obj):
        return obj.public_recap

    @staticmethod
    def resolve_voting_round(obj):
        return obj.public_round


# --- Themes and voting rounds -------------------------------------------------------------------


class ThemeOut(Schema):
    model_config = described(_("A published theme: a subject proposed for an edition."))
    id: int = Field(description=_("Number of the theme."))
    title: str = Field(description=_("Title of the theme."))
    description: str = Field(description=_("Description in Markdown."))
    target_group: str = Field(description=_("For whom the theme matters most, or empty."))
    edition: str = Field(description=_("Short name of the edition it was proposed for."))
    organisation: OrganisationRef | None = Field(description=_("On behalf of this organisation, or null."))
    status: Literal[tuple(status.value for status in PUBLIC_STATUSES)] = Field(
        description=_("Where the theme stands, as a code: published, chosen, not_chosen or merged.")
    )
    status_label: str = Field(description=_("Where the theme stands, in words."))
    merged_into: int | None = Field(description=_("Number of the theme it was merged into, or null."))
    choice_method: codes(Theme.ChoiceMethod, blank=True) = Field(
        description=_("How it was chosen: vote, session, or empty when not chosen.")
    )
    chosen_at: datetime | None = Field(description=_("When it was chosen, or null."))
    chosen_in_session: int | None = Field(description=_("Number of the session it was chosen in, or null."))
    votes: int | None = Field(description=_("Votes received; null until the results of its voting round are public."))
    created_at: datetime = Field(description=_("When it was proposed."))
    updated_at: datetime = Field(description=_("When it was last changed."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_edition(obj):
        return obj.conference.slug

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_merged_into(obj):
        target = obj.merged_into
        return target.pk if target is not None and target.is_public else None

    @staticmethod
    def resolve_chosen_in_session(obj):
        return obj.chosen_in_id

    @staticmethod
    def resolve_votes(obj):
        return getattr(obj, "public_votes", None)  # set by the view from themes.selectors.vote_counts

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


class ThemeDetailOut(ThemeOut):
    model_config = described(_("A published theme with its lineage."))
    merged_themes: list[int] = Field(description=_("Numbers of the themes merged into this one."))
    table_talks: list[int] = Field(description=_("Numbers of the table talks about this theme (/table-talks/{id})."))
    workgroups: list[str] = Field(description=_("Short names of the workgroups it became (/workgroups/{slug})."))

    # ``lineage`` is set by the view: the reverse relations of these names would each start a query.
    @staticmethod
    def resolve_merged_themes(obj):
        return obj.lineage["merged_themes"]

    @staticmethod
    def resolve_table_talks(obj):
        return obj.lineage["table_talks"]

    @staticmethod
    def resolve_workgroups(obj):
        return obj.lineage["workgroups"]


class ResultOut(Schema):
    model_config = described(_("One theme in the results of a voting round."))
    rank: int = Field(description=_("Place in the ranking, 1 is the most votes."))
    theme: int = Field(description=_("Number of the theme."))
    title: str = Field(description=_("Title of the theme."))
    status: Literal[tuple(status.value for status in ACTIVE_STATUSES)] = Field(
        description=_("Where the theme stands now, as a code.")
    )
    votes: int = Field(description=_("Votes received."))


class VotingRoundOut(Schema):
    model_config = described(_("A voting round whose results are public."))
    id: int = Field(description=_("Number of the voting round."))
    edition: str = Field(description=_("Short name of the edition."))
    opens_at: datetime = Field(description=_("When voting opened."))
    closes_at: datetime = Field(description=_("When voting closed."))
    votes_per_voter: int = Field(description=_("How many votes each voter had."))
    themes_to_choose: int = Field(description=_("How many themes were to be chosen."))
    results_published_at: datetime | None = Field(description=_("When the results were made public."))
    choice_note: str = Field(description=_("Why the choice differs from the ranking, or empty."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_edition(obj):
        return obj.conference.slug

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, f"{obj.get_absolute_url()}uitslag/")


class VotingRoundDetailOut(VotingRoundOut):
    model_config = described(_("A voting round with its results."))
    votes: int = Field(description=_("Votes cast in all."))
    voters: int = Field(description=_("How many people voted."))
    results: list[ResultOut] = Field(description=_("The themes, most votes first."))


# --- Table talks --------------------------------------------------------------------------------


class OutcomeOut(Schema):
    model_config = described(_("A published outcome of a table talk: an idea, an action or a question."))
    id: int = Field(description=_("Number of the outcome."))
    kind: codes(Outcome.Kind) = Field(description=_("Idea, action or question, as a code."))
    kind_label: str = Field(description=_("Idea, action or question, in words."))
    text: str = Field(description=_("What the table came up with."))
    published_at: datetime | None = Field(description=_("When it was published."))

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class TableTalkOut(Schema):
    model_config = described(_("A table talk with its published outcomes."))
    id: int = Field(description=_("Number of the table talk."))
    edition: str = Field(description=_("Short name of the edition."))
    session: int | None = Field(description=_("Number of the table-talk round in the programme, or null."))
    theme: int | None = Field(description=_("Number of the theme the table talked about, or null."))
    title: str = Field(description=_("Topic of the table."))
    round: int = Field(description=_("Round number."))
    table_label: str = Field(description=_("Name of the table, or empty."))
    host: str = Field(description=_("Name of the host, as the portal shows it, or empty."))
    host_organisation: OrganisationRef | None = Field(description=_("Organisation of the host, or null."))
    outcomes: list[OutcomeOut] = Field(description=_("Published outcomes, in their order."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_edition(obj):
        return obj.conference.slug

    @staticmethod
    def resolve_session(obj):
        return obj.session_id

    @staticmethod
    def resolve_theme(obj):
        theme = obj.theme
        return theme.pk if theme is not None and theme.is_public else None

    @staticmethod
    def resolve_host(obj):
        return obj.host_display

    @staticmethod
    def resolve_outcomes(obj):
        return list(obj.outcomes.all())

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


# --- Recaps -------------------------------------------------------------------------------------


class RecapSectionOut(Schema):
    model_config = described(_("A section of a recap."))
    heading: str = Field(description=_("Heading."))
    body: str = Field(description=_("Text in Markdown."))


class RecapOut(Schema):
    model_config = described(_("The published recap of an edition."))
    slug: str = Field(description=_("Short name; the same as the edition's."))
    edition: str = Field(description=_("Short name of the edition."))
    title: str = Field(description=_("Title of the recap."))
    published_at: datetime | None = Field(description=_("When it was published."))
    updated_at: datetime = Field(description=_("When it was last changed."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_slug(obj):
        return obj.conference.slug

    @staticmethod
    def resolve_edition(obj):
        return obj.conference.slug

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


class RecapDetailOut(RecapOut):
    model_config = described(_("A recap with its text. Themes, outcomes and reports come from their own endpoints."))
    introduction: str = Field(description=_("Introduction in Markdown."))
    sections: list[RecapSectionOut] = Field(description=_("Sections, in their order."))

    @staticmethod
    def resolve_sections(obj):
        return list(obj.sections.all())


# --- Workgroups, reports, commitments -----------------------------------------------------------


class GoalOut(Schema):
    model_config = described(_("A goal of a workgroup."))
    id: int = Field(description=_("Number of the goal."))
    title: str = Field(description=_("Title of the goal."))
    description: str = Field(description=_("Description in Markdown."))
    target_date: date | None = Field(description=_("Target date, or null."))
    status: codes(Goal.Status) = Field(description=_("Where the goal stands, as a code."))
    status_label: str = Field(description=_("Where the goal stands, in words."))
    progress: int = Field(description=_("Progress in percent (0 to 100)."))
    updated_at: datetime = Field(description=_("When it was last changed."))

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class WorkgroupOut(Schema):
    model_config = described(_("A workgroup that carries out what an edition decided."))
    slug: str = Field(description=_("Short name; use it in /workgroups/{slug} and as a filter."))
    name: str = Field(description=_("Name of the workgroup."))
    focus: str = Field(description=_("What the group works on, in Markdown."))
    status: codes(Workgroup.Status) = Field(description=_("Active, paused, completed or stopped, as a code."))
    status_label: str = Field(description=_("Active, paused, completed or stopped, in words."))
    origin_theme: int | None = Field(description=_("Number of the theme it came from, or null."))
    started_in: str | None = Field(description=_("Short name of the edition where it started, or null."))
    started_on: date | None = Field(description=_("The day it started, or null."))
    member_count: int = Field(description=_("How many members it has."))
    report_count: int = Field(description=_("How many published progress reports it has."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_origin_theme(obj):
        theme = obj.origin_theme
        if theme is None or not theme.is_public or published_slug(theme.conference) is None:
            return None
        return theme.pk

    @staticmethod
    def resolve_started_in(obj):
        return published_slug(obj.started_in)

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


class QuickWinOut(Schema):
    model_config = described(_("Something small the group already got done."))
    text: str = Field(description=_("What was done."))
    done_on: date | None = Field(description=_("When, or null."))


class NextStepOut(Schema):
    model_config = described(_("A step the group plans."))
    text: str = Field(description=_("The step."))
    owner: str = Field(description=_("Who takes it, as the report says, or empty."))
    owner_organisation: OrganisationRef | None = Field(description=_("The organisation that takes it, or null."))
    due_date: date | None = Field(description=_("By when, or null."))
    funding: str = Field(description=_("Where the money comes from, or empty."))

    @staticmethod
    def resolve_owner(obj):
        return obj.owner_name


class GoalUpdateOut(Schema):
    model_config = described(_("What a report says about one goal."))
    goal: int = Field(description=_("Number of the goal."))
    goal_title: str = Field(description=_("Title of the goal."))
    status: codes(Goal.Status) = Field(description=_("Where the goal stood, as a code."))
    progress: int = Field(description=_("Progress in percent at the time of the report."))
    note: str = Field(description=_("Note, or empty."))

    @staticmethod
    def resolve_goal(obj):
        return obj.goal_id

    @staticmethod
    def resolve_goal_title(obj):
        return obj.goal.title


class ReportSummaryOut(Schema):
    model_config = described(_("A published progress report, in short."))
    id: int = Field(description=_("Number of the report; use it in /reports/{id}."))
    workgroup: str = Field(description=_("Short name of the workgroup."))
    edition: str | None = Field(
        description=_("Short name of the edition it was presented at, or null for a report between editions.")
    )
    period_start: date | None = Field(description=_("Start of the period it covers, or null."))
    period_end: date | None = Field(description=_("End of the period it covers, or null."))
    overall_status: codes(ProgressReport.Overall) = Field(description=_("How the group is doing, as a code."))
    overall_status_label: str = Field(description=_("How the group is doing, in words."))
    published_at: datetime | None = Field(description=_("When it was published."))
    decision: codes(ProgressReport.Decision, blank=True) = Field(
        description=_("The decision on the report, as a code, or empty when none was taken.")
    )
    decision_label: str = Field(description=_("The decision, in words, or empty."))
    updated_at: datetime = Field(description=_("When it was last changed."))
    url: str = Field(description=URL)

    @staticmethod
    def resolve_workgroup(obj):
        return obj.workgroup.slug

    @staticmethod
    def resolve_edition(obj):
        return published_slug(obj.conference)

    @staticmethod
    def resolve_overall_status_label(obj):
        return obj.get_overall_status_display()

    @staticmethod
    def resolve_decision_label(obj):
        return obj.get_decision_display() if obj.decision else ""

    @staticmethod
    def resolve_url(obj, context):
        return page_url(context, obj.get_absolute_url())


class ReportOut(ReportSummaryOut):
    model_config = described(_("A published progress report with the decision on it."))
    summary: str = Field(description=_("Summary in Markdown."))
    achievements: list[str] = Field(description=_("What was achieved, one result per item."))
    not_achieved: str = Field(description=_("What was not achieved, and why."))
    quick_wins: list[QuickWinOut] = Field(description=_("Small things already done."))
    next_steps: list[NextStepOut] = Field(description=_("Planned steps."))
    goal_updates: list[GoalUpdateOut] = Field(description=_("What the report says per goal."))
    decision_note: str = Field(description=_("Note with the decision, or empty."))
    decided_on: date | None = Field(description=_("The day the decision was taken, or null."))
    decision_context: str = Field(description=_("Where it was decided, or empty."))
    merge_with: str | None = Field(description=_("Short name of the workgroup to merge with, or null."))

    @staticmethod
    def resolve_achievements(obj):
        return obj.achievement_list

    @staticmethod
    def resolve_quick_wins(obj):
        return list(obj.quick_wins.all())

    @staticmethod
    def resolve_next_steps(obj):
        return list(obj.next_steps.all())

    @staticmethod
    def resolve_goal_updates(obj):
        return list(obj.goal_updates.all())

    @staticmethod
    def resolve_merge_with(obj):
        return obj.merge_with.slug if obj.merge_with_id else None


class CommitmentOut(Schema):
    model_config = described(_("What an organisation pledged, and whether it was kept."))
    id: int = Field(description=_("Number of the commitment."))
    edition: str = Field(description=_("Short name of the edition where it was made."))
    organisation: OrganisationRef = Field(description=_("The organisation that pledged it."))
    workgroup: str | None = Field(
        description=_("Short name of the workgroup it is for, or null when it is for the conference as a whole.")
    )
    kind: codes(Commitment.Kind) = Field(description=_("What kind of contribution, as a code."))
    kind_label: str = Field(description=_("What kind of contribution, in words."))
    description: str = Field(description=_("What the organisation contributes."))
    hours: float | None = Field(description=_("Hours pledged, or null."))
    amount: float | None = Field(description=_("Euros pledged, or null."))
    due_date: date | None = Field(description=_("By when, or null."))
    status: codes(Commitment.Status) = Field(description=_("Whether it was kept, as a code."))
    status_label: str = Field(description=_("Whether it was kept, in words."))
    review_note: str = Field(description=_("Note from the review, or empty."))

    @staticmethod
    def resolve_edition(obj):
        return obj.conference.slug

    @staticmethod
    def resolve_workgroup(obj):
        return obj.workgroup.slug if obj.workgroup_id else None

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class WorkgroupDetailOut(WorkgroupOut):
    model_config = described(_("A workgroup with its goals, published reports (newest first) and commitments."))
    goals: list[GoalOut] = Field(description=_("Goals, in the order they were set."))
    reports: list[ReportSummaryOut] = Field(description=_("Published progress reports, newest first."))
    commitments: list[CommitmentOut] = Field(description=_("Commitments of organisations to this workgroup."))

    # Set by the view: the reverse relations of these names would each start a query.
    @staticmethod
    def resolve_goals(obj):
        return obj.api_goals

    @staticmethod
    def resolve_reports(obj):
        return obj.api_reports

    @staticmethod
    def resolve_commitments(obj):
        return obj.api_commitments
