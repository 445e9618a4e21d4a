"""Coordinator pages for an edition's table talks and publishing their outcomes."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from conference import selectors, services
from conference.decorators import coordinator_required
from conference.forms import (
    TableTalkForm,
)
from conference.models import Edition, Outcome, TableSheetPhoto, TableTalk
from conference.views.manage_editions import managed_edition
from conference.views.publishing import confirm_take_back, publish_target, take_back_confirmed


@coordinator_required
def table_talks(request, slug):
    edition = managed_edition(slug)
    form = TableTalkForm(request.POST or None, edition=edition, initial={"round": 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_table_talk(conference=edition, **form.table_talk_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The table has been added."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
    tables = selectors.table_talks(edition, drafts=True)
    return render(request, "conference/manage/table_talks.html", {"edition": edition, "tables": tables, "form": form})


@coordinator_required
def table_talk_edit(request, slug, pk):
    edition = managed_edition(slug)
    table = get_object_or_404(edition.table_talks, pk=pk)
    form = TableTalkForm(request.POST or None, instance=copy.copy(table), edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_table_talk(conference=edition, table_talk=table, **form.table_talk_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The table has been saved."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
    return render(request, "conference/manage/table_talk_form.html", {"edition": edition, "table": table, "form": form})


def _table_of(edition: Edition, value: str) -> TableTalk | None:
    """The edition's table with this id as sent by a form, or None for anything else."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return edition.table_talks.filter(pk=int(value)).first()


@coordinator_required
@require_POST
def outcomes_publish(request, slug):
    """Publish (or take back) the outcomes of one table, or of all tables of the edition."""
    edition = managed_edition(slug)
    publish = publish_target(request)
    outcomes = Outcome.objects.filter(table_talk__conference=edition)
    tables = edition.table_talks.all()
    table = None
    if "table" in request.POST:
        table = _table_of(edition, request.POST["table"])
        if table is None:
            messages.error(request, _("This table does not exist (any more). Nothing has been published."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
        outcomes = outcomes.filter(table_talk=table)
        tables = tables.filter(pk=table.pk)
    if not publish and not take_back_confirmed(request):
        confirmation = _confirm_taking_back(request, edition, table, outcomes, tables)
        if confirmation is not None:
            return confirmation
    changed, photos = services.set_outcomes_published(outcomes=outcomes, published=publish, tables=tables)
    for text in _published_messages(publish, changed, photos):
        messages.success(request, text)
    return redirect("conference:manage_table_talks", slug=edition.slug)


def _confirm_taking_back(request, edition, table, outcomes, tables):
    """The confirmation page when something public would go, or None when nothing is public."""
    outcome_count = outcomes.filter(status=Outcome.Status.PUBLISHED).count()
    photo_count = TableSheetPhoto.objects.filter(table_talk__in=tables, is_published=True).count()
    if not outcome_count and not photo_count:
        return None
    disappears = [
        ngettext("%(count)d published outcome", "%(count)d published outcomes", outcome_count)
        % {"count": outcome_count},
    ]
    if photo_count:
        disappears.append(
            ngettext("%(count)d photo of a table sheet", "%(count)d photos of table sheets", photo_count)
            % {"count": photo_count}
        )
    if table is not None:
        title = _("Take back the outcomes of “%(title)s”?") % {"title": table.title}
    else:
        title = _("Take back the outcomes of all tables of this edition?")
    return confirm_take_back(
        request,
        title=title,
        disappears=disappears,
        cancel_url=reverse("conference:manage_table_talks", args=[edition.slug]),
        fields={"table": table.pk} if table is not None else {},
        context={
            "edition": edition,
            "note": _("They disappear from the table pages, the edition page, the recap and the search results."),
        },
    )


def _published_messages(publish: bool, outcomes: int, photos: int) -> list[str]:
    if publish:
        texts = [
            ngettext("%(count)d outcome published.", "%(count)d outcomes published.", outcomes) % {"count": outcomes}
        ]
        if photos:
            texts.append(
                ngettext("%(count)d photo published.", "%(count)d photos published.", photos) % {"count": photos}
            )
    else:
        texts = [
            ngettext("%(count)d outcome taken back.", "%(count)d outcomes taken back.", outcomes) % {"count": outcomes}
        ]
        if photos:
            texts.append(ngettext("%(count)d photo hidden.", "%(count)d photos hidden.", photos) % {"count": photos})
    return texts
