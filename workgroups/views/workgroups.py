from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import page_cache
from conference.decorators import permission_required
from conference.page_cache import public_page
from conference.rules import is_coordinator
from workgroups import selectors, services
from workgroups.forms import AddMemberForm, FilterForm, GoalForm, JoinForm, MemberFormSet, WorkgroupForm
from workgroups.models import Goal, Workgroup, WorkgroupMembership
from workgroups.rules import forget_memberships, remember_membership
from workgroups.views._helpers import error_message, get_membership, get_workgroup


@public_page
def workgroup_list(request):
    editions = list(selectors.editions_with_workgroups())
    form = FilterForm(request.GET or None, editions=editions)
    status = edition = ""
    if form.is_bound and form.is_valid():
        status, edition = form.cleaned_data["status"], form.cleaned_data["edition"]
    workgroups = selectors.workgroup_list(status=status, edition=edition)
    page = Paginator(workgroups, 20).get_page(request.GET.get("page"))
    return render(request, "workgroups/workgroup_list.html", {"page_obj": page, "filter_form": form})


@public_page
def workgroup_detail(request, slug):
    # The same group for every visitor: read once per content version (a copy for each request).
    workgroup = page_cache.shared_value(("workgroup", slug), lambda: selectors.workgroup_detail(slug=slug))
    if workgroup is None:
        raise Http404
    context = _members_context(request, workgroup)
    user = request.user
    member = user.is_authenticated and any(m.user_id == user.pk for m in context["members"])
    own_version = member or is_coordinator(user)  # they also see drafts and submitted reports
    context |= _progress_context(workgroup, user if own_version else AnonymousUser(), lazy=not own_version)
    # Everyone else sees the same goals, reports and timeline: rendered once per content version (template).
    context["progress_key"] = None if own_version else workgroup.pk
    # Commitments too: only the group's lead and coordinators (who have their own version) review them.
    context["commitments_key"] = None if own_version else workgroup.pk
    context["review_commitments"] = own_version
    context["commitments"] = SimpleLazyObject(lambda: list(selectors.commitments_for_workgroup(workgroup)))
    context["commitment_totals"] = SimpleLazyObject(lambda: selectors.commitment_totals(workgroup.commitments.all()))
    return render(request, "workgroups/workgroup_detail.html", context)


def _progress_context(workgroup, user, *, lazy: bool) -> dict:
    """Goals, reports and the timeline of a group as ``user`` may see them; ``lazy``: read only when rendered."""

    def later(compute):
        return SimpleLazyObject(compute) if lazy else compute()

    reports = later(lambda: list(selectors.reports_for(workgroup, user)))
    return {
        "goals": later(lambda: list(selectors.goals_with_history(workgroup, user))),
        "reports": reports,
        "timeline": later(lambda: selectors.workgroup_timeline(workgroup, reports)),
    }


def _members_context(request, workgroup) -> dict:
    everyone = list(selectors.memberships(workgroup))
    if request.user.is_authenticated:  # the rules below ask for this person's membership: it is in the list
        remember_membership(request.user, workgroup, next((m for m in everyone if m.user_id == request.user.pk), None))
    members = [membership for membership in everyone if membership.status == WorkgroupMembership.Status.ACTIVE]
    context = {"workgroup": workgroup, "members": members, "join_form": JoinForm()}
    if request.user.has_perm("workgroups.manage_members", workgroup):
        context["join_requests"] = list(selectors.join_requests(workgroup))
    return context


def _back_to_members(request, workgroup):
    """After accept, decline, hand over or remove: htmx gets the members block (partial "members"
    of the page's own template, with the messages); without JavaScript, back to the page."""
    if request.htmx:
        forget_memberships(request.user)  # the change may have moved this user's own rights
        context = {**_members_context(request, workgroup), "partial": True}
        return render(request, "workgroups/workgroup_detail.html#members", context)
    return redirect(workgroup)


def _theme_initial(request) -> dict:
    """A new group for a theme (``?thema=<id>``): its title, description, the theme and its edition."""
    theme_id = request.GET.get("thema", "")
    themes = Workgroup._meta.get_field("origin_theme").related_model.objects.public().select_related("conference")
    theme = themes.filter(pk=theme_id).first() if theme_id.isdigit() else None
    if theme is None:
        return {}
    initial = {"name": theme.title, "focus": theme.description, "origin_theme": theme.pk}
    if theme.conference.starts_at <= timezone.now():
        initial["started_in"] = theme.conference_id
    return initial


def _with_member_rows(data):
    """A post without member rows at all (a script, an old form) is a group without members."""
    if "members-TOTAL_FORMS" in data:
        return data
    data = data.copy()
    data.update({"members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0"})
    return data


def _more_rows(form, members, *, by_email):
    """No JavaScript: show everything typed again, unchanged and without errors, with more rows."""
    values = {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }
    form = WorkgroupForm(initial=values)
    members = MemberFormSet(prefix="members", initial=members.posted_rows(), by_email=by_email, lead=members.lead)
    return form, members


@permission_required("workgroups.create")
def workgroup_create(request):
    """Name, focus, origin theme, start, and the members with their lead: one form, one transaction."""
    by_email = request.user.has_perm("workgroups.find_accounts_by_email")
    if request.method == "POST":
        form = WorkgroupForm(request.POST)
        members = MemberFormSet(_with_member_rows(request.POST), prefix="members", by_email=by_email)
        if "more_rows" in request.POST:
            form, members = _more_rows(form, members, by_email=by_email)
        elif all([form.is_valid(), members.is_valid()]):  # both, so every error shows at once
            try:
                workgroup = services.create_workgroup(**form.cleaned_data, members=members.members())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The workgroup has been created with its members."))
                return redirect(workgroup)
    else:
        form = WorkgroupForm(initial=_theme_initial(request))
        members = MemberFormSet(prefix="members", by_email=by_email)
    context = {
        "form": form,
        "members": members,
        "workgroup": None,
        "people": list(selectors.partner_suggestions()),
    }
    return render(request, "workgroups/workgroup_form.html", context)


@permission_required("workgroups.edit", get_object=get_workgroup)
def workgroup_edit(request, slug):
    workgroup = request.permission_object
    form = WorkgroupForm(request.POST or None, instance=workgroup)
    if request.method == "POST" and form.is_valid():
        try:
            workgroup = services.update_workgroup(workgroup=workgroup, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The workgroup has been saved."))
            return redirect(workgroup)
    return render(request, "workgroups/workgroup_form.html", {"form": form, "workgroup": workgroup})


@permission_required("workgroups.add_members", get_object=get_workgroup)
def member_add(request, slug):
    """A coordinator adds someone later: an account, or a person without one."""
    workgroup = request.permission_object
    by_email = request.user.has_perm("workgroups.find_accounts_by_email")
    form = AddMemberForm(request.POST or None, by_email=by_email)
    if request.method == "POST" and form.is_valid() and not form.is_empty():
        spec = form.spec(lead=form.cleaned_data["lead"])
        try:
            services.add_member(
                workgroup=workgroup,
                user=spec.user,
                name=spec.name,
                lead=spec.lead,
                organisation=spec.organisation,
                function=spec.function,
                is_experience_expert=spec.is_experience_expert,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": spec.label})
            return redirect(workgroup)
    elif request.method == "POST" and form.is_valid():
        form.add_error("account", _("Fill in the account or the name of this member."))
    context = {"form": form, "workgroup": workgroup, "people": list(selectors.partner_suggestions())}
    return render(request, "workgroups/member_form.html", context)


@require_POST
@permission_required("workgroups.remove_member", get_object=get_membership)
def member_remove(request, slug, pk):
    try:
        services.remove_member(membership=request.membership)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": request.membership.person_name})
    return _back_to_members(request, request.permission_object)


@require_POST
@permission_required("workgroups.create_from_theme")
def create_from_theme(request, theme_pk):
    from themes.models import Theme

    theme = get_object_or_404(Theme, pk=theme_pk)
    try:
        workgroup = services.create_workgroup_from_theme(theme=theme)
    except ValidationError as error:
        error_message(request, error)
        return redirect(theme)
    messages.success(request, _("The workgroup has been created. Partners can now ask to join."))
    return redirect(workgroup)


@require_POST
@permission_required("workgroups.join", get_object=get_workgroup)
def join(request, slug):
    workgroup = request.permission_object
    form = JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check your answers."))
        return redirect(workgroup)
    try:
        services.request_membership(workgroup=workgroup, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("You asked to join. The lead of the workgroup will let you know."))
    return redirect(workgroup)


@require_POST
@permission_required("workgroups.manage_members", get_object=get_membership)
def membership_decide(request, slug, pk, accept):
    try:
        if accept:
            services.accept_membership(membership=request.membership)
            messages.success(request, _("%(name)s is now a member.") % {"name": request.membership.person_name})
        else:
            services.decline_membership(membership=request.membership)
            messages.success(request, _("The request has been declined."))
    except ValidationError as error:
        error_message(request, error)
    return _back_to_members(request, request.permission_object)


@require_POST
@permission_required("workgroups.manage_members", get_object=get_membership)
def hand_over(request, slug, pk):
    try:
        services.hand_over_lead(workgroup=request.permission_object, to=request.membership)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("%(name)s is now the lead.") % {"name": request.membership.person_name})
    return _back_to_members(request, request.permission_object)


@require_POST
@permission_required("workgroups.leave", get_object=get_workgroup)
def leave(request, slug):
    try:
        services.leave_workgroup(workgroup=request.permission_object, user=request.user)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("You have left the workgroup."))
    return redirect(request.permission_object)


@permission_required("workgroups.edit_goals", get_object=get_workgroup)
def goal_edit(request, slug, pk=None):
    workgroup = request.permission_object
    goal = get_object_or_404(Goal, pk=pk, workgroup=workgroup) if pk else None
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_goal(workgroup=workgroup, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The goal has been saved."))
            return redirect(workgroup)
    return render(request, "workgroups/goal_form.html", {"form": form, "workgroup": workgroup, "goal": goal})


@permission_required("workgroups.dashboard")
def dashboard(request):
    user = request.user
    context = {
        "memberships": list(selectors.my_memberships(user)),
        "due": selectors.reports_due(user),
        "drafts": list(selectors.my_drafts(user)),
        "decisions": list(selectors.my_decisions(user)),
        "commitments": list(selectors.my_commitments(user)),
    }
    return render(request, "workgroups/dashboard.html", context)
