"""Coordinator pages (/beheer/): users, roles, organisations, organisers and the organising body."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import selectors, services
from conference.decorators import coordinator_required
from conference.forms import GrantMembershipForm, OrganisationForm, OrganiserForm, SiteSettingsForm, UserSearchForm
from conference.models import Membership, Organisation, Organiser, Outcome, SiteSettings, User


@coordinator_required
def dashboard(request):
    context = {
        "editions": selectors.editions_for_coordinators()[:5],
        "draft_outcomes": Outcome.objects.filter(status=Outcome.Status.DRAFT).count(),
    }
    return render(request, "conference/manage/dashboard.html", context)


@coordinator_required
def user_list(request):
    form = UserSearchForm(request.GET or None)
    query = role = ""
    if form.is_valid():
        query, role = form.cleaned_data["q"], form.cleaned_data["role"]
    page = Paginator(selectors.users_for_coordinators(query=query, role=role), 25).get_page(request.GET.get("page"))
    organisations = list(Organisation.objects.only("pk", "name").order_by("name"))
    context = {"form": form, "page_obj": page, "organisations": organisations}
    return render(request, "conference/manage/user_list.html", context)


@coordinator_required
@require_POST
def user_set_coordinator(request, pk):
    user = get_object_or_404(User, pk=pk)
    make_coordinator = request.POST.get("is_coordinator") == "1"
    try:
        services.set_coordinator(user=user, is_coordinator=make_coordinator, changed_by=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if make_coordinator:
            messages.success(request, _("%(name)s is now a coordinator.") % {"name": user})
        else:
            messages.success(request, _("%(name)s is no longer a coordinator.") % {"name": user})
    return redirect("conference:manage_users")


@coordinator_required
@require_POST
def user_grant_membership(request, pk):
    user = get_object_or_404(User, pk=pk)
    form = GrantMembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation."))
        return redirect("conference:manage_users")
    organisation = form.cleaned_data["organisation"]
    try:
        services.grant_partner(user=user, organisation=organisation, granted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is now a partner for %(organisation)s.") % {"name": user, "organisation": organisation}
        )
    return redirect("conference:manage_users")


@coordinator_required
@require_POST
def membership_revoke(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    services.revoke_partner(membership=membership, revoked_by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer a partner for %(organisation)s.")
        % {"name": membership.user, "organisation": membership.organisation},
    )
    return redirect("conference:manage_users")


@coordinator_required
def organisation_list(request):
    page = Paginator(selectors.organisations_with_counts(), 50).get_page(request.GET.get("page"))
    return render(request, "conference/manage/organisation_list.html", {"page_obj": page})


@coordinator_required
def organisation_edit(request, slug=None):
    organisation = get_object_or_404(Organisation, slug=slug) if slug else None
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation has been saved."))
            return redirect("conference:manage_organisations")
    return render(request, "conference/manage/organisation_form.html", {"form": form, "organisation": organisation})


@coordinator_required
def organiser_list(request):
    page = Paginator(selectors.organisers_with_counts(), 50).get_page(request.GET.get("page"))
    return render(request, "conference/manage/organiser_list.html", {"page_obj": page})


@coordinator_required
def organiser_edit(request, pk=None):
    organiser = get_object_or_404(Organiser, pk=pk) if pk else None
    form = OrganiserForm(request.POST or None, request.FILES or None, instance=copy.copy(organiser))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organiser(organiser=organiser, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organiser has been saved."))
            return redirect("conference:manage_organisers")
    return render(request, "conference/manage/organiser_form.html", {"form": form, "organiser": organiser})


@coordinator_required
def site_settings(request):
    site = SiteSettings.objects.get(pk=SiteSettings.load().pk)
    form = SiteSettingsForm(request.POST or None, request.FILES or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_site_settings(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("conference:manage_site")
    return render(request, "conference/manage/site_form.html", {"form": form})
