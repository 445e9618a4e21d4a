"""Coordinator page *Wijzigingen* (/beheer/wijzigingen/): who changed what and when."""

from django.core.paginator import Paginator
from django.shortcuts import render

from conference.audit import display, selectors
from conference.audit.forms import AuditFilterForm
from conference.decorators import coordinator_required

PER_PAGE = 50


@coordinator_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.audit_entries(**filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "rows": display.rows(page.object_list),
        "filtered": any(value for value in filters.values()),
    }
    return render(request, "conference/manage/audit_log.html", context)
