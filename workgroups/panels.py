"""Blocks this app adds to conference and theme pages (registered in WorkgroupsConfig.ready)."""

from django.core.paginator import Paginator

from conference import panels
from conference.rules import is_partner
from workgroups import selectors
from workgroups.models import Workgroup

#: An organisation that has pledged for years still gets a short page; older pledges are a click away.
COMMITMENTS_PER_PAGE = 20


@panels.register("home", template="workgroups/panels/home.html", order=40, shared=True)
def home(request, edition):
    workgroups = list(selectors.active_workgroups())
    return {"workgroups": workgroups} if workgroups else None


def _edition(request, conference):
    if conference is None:
        return None
    reports, followups = selectors.edition_panel_reports(conference)
    commitments = list(selectors.commitments_at_edition(conference))
    if not reports and not followups and not commitments:
        return None
    context = {"reports": reports, "followups": followups, "commitments": commitments}
    if commitments:  # hours and euros: for the edition, and per organisation
        context["commitment_totals"] = selectors.commitment_totals(conference.commitments.all())
        context["commitment_totals_by_organisation"] = selectors.commitment_totals_by_organisation(
            conference.commitments.all()
        )
    return context


# The same for every visitor (commitments are reviewed from the workgroup's page): kept per content version.
panels.register("edition", template="workgroups/panels/edition.html", order=40, shared=True)(_edition)
panels.register("recap", template="workgroups/panels/edition.html", order=40, shared=True)(_edition)


@panels.register("organisation", template="workgroups/panels/organisation.html", order=40)
def organisation(request, organisation):
    page = Paginator(selectors.commitments_of_organisation(organisation), COMMITMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    user = getattr(request, "user", None)
    can_record = bool(user and user.has_perm("workgroups.record_commitment", organisation))
    if not page.object_list and not can_record:
        return None
    stats = selectors.organisation_commitment_stats(organisation)
    return {"commitments": page.object_list, "page_obj": page, "stats": stats, "can_record": can_record}


@panels.register("theme", template="workgroups/panels/theme.html", order=40)
def theme(request, theme):
    """The theme page shows proposal, votes and table talks itself; this continues the chain."""
    user = request.user
    workgroup = theme.workgroups.select_related("started_in").order_by("pk").first()
    chosen = theme.status == theme.Status.CHOSEN
    can_create = workgroup is None and chosen and user.has_perm("workgroups.create_from_theme")
    if workgroup is None and not chosen:
        return None
    timeline = []
    if workgroup is not None:
        reports = list(selectors.reports_for(workgroup, user))
        timeline = selectors.workgroup_timeline(workgroup, reports, with_theme=False)
    return {"timeline": timeline, "workgroup": workgroup, "can_create": can_create}


@panels.register("dashboard", template="workgroups/panels/dashboard.html", order=40)
def dashboard(request, obj):
    return {
        "reports": list(selectors.submitted_reports()[:25]),
        "without_lead": list(selectors.workgroups_without_lead()[:25]),
        "export_editions": list(selectors.editions_with_reports()),
    }


@panels.register("my", template="workgroups/panels/my.html", order=40)
def my(request, user):
    memberships = list(selectors.my_memberships(user))
    if not memberships and not is_partner(user):
        return None  # residents outside any workgroup: nothing to show here
    return {
        "memberships": memberships,
        "due": selectors.reports_due(user),
        "drafts_count": selectors.my_drafts(user).count(),
        "decisions": list(selectors.my_decisions(user, limit=5)),
    }


@panels.register("table_talk", template="workgroups/panels/table_talk.html", order=40)
def table_talk(request, table):
    """Where the talk led: the workgroup its theme became."""
    if not getattr(table, "theme_id", None):
        return None
    workgroups = list(Workgroup.objects.filter(origin_theme_id=table.theme_id).order_by("name"))
    return {"workgroups": workgroups} if workgroups else None
