"""Coordinator pages for an edition's table talks and publishing their outcomes."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from conference import selectors, services
from conference.decorators import coordinator_required
from conference.forms import (
    TableTalkForm,
)
from conference.models import Edition, Outcome, TableTalk
from conference.views.manage_editions import managed_edition


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
    outcomes = Outcome.objects.filter(table_talk__conference=edition)
    tables = edition.table_talks.all()
    if "table" in request.POST:
        table = _table_of(edition, request.POST["table"])
        if table is None:
            messages.error(request, _("This table does not exist (any more). Nothing has been published."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
        outcomes = outcomes.filter(table_talk=table)
        tables = tables.filter(pk=table.pk)
    publish = request.POST.get("publish") == "1"
    changed, photos = services.set_outcomes_published(outcomes=outcomes, published=publish, tables=tables)
    for text in _published_messages(publish, changed, photos):
        messages.success(request, text)
    return redirect("conference:manage_table_talks", slug=edition.slug)


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
