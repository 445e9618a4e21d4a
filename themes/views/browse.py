"""Public theme pages: the list with filters and search, a theme's lineage, recurring themes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from conference.page_cache import public_page
from conference.views.publishing import confirm_take_back, take_back_confirmed
from themes import selectors, services
from themes.decorators import open_permission_required
from themes.forms import RecurringOverviewForm, ThemeFilterForm
from themes.models import RecurringOverview, Theme

PAGE_SIZE = 20


@public_page
def theme_list(request):
    """The same for everyone: the filters and results are read only when the page cache has not kept them
    yet (``shared_fragment`` in the template), so a signed-in visitor's page costs no theme queries."""
    form = ThemeFilterForm(request.GET or None)

    def filters() -> dict:
        return form.cleaned_data if form.is_valid() else {}

    def page():
        chosen = filters()
        themes = selectors.theme_list(
            edition=chosen.get("edition", ""),
            status=chosen.get("status", ""),
            target_group=chosen.get("target_group", ""),
            query=chosen.get("q", ""),
        )
        page = Paginator(themes, PAGE_SIZE).get_page(request.GET.get("page"))
        counts = selectors.vote_counts(theme.pk for theme in page if theme.results_public)
        for theme in page:
            theme.public_votes = counts.get(theme.pk, 0) if theme.results_public else None
        return page

    context = {
        "form": form,
        "page_obj": SimpleLazyObject(page),
        "filtered": SimpleLazyObject(lambda: bool(filters() and any(filters().values()))),
    }
    return render(request, "themes/theme_list.html", context)


@public_page
def theme_detail(request, pk, slug):
    theme = selectors.theme_for_page(pk=pk, user=request.user)
    if theme is None:
        raise Http404
    if slug != theme.slug:
        return redirect(theme, permanent=True)
    lineage = selectors.theme_lineage(theme)
    round_ = lineage["round"]
    context = {"theme": theme, **lineage}
    context["can_mark_session"] = theme.status in services.SESSION_CHOOSABLE and not theme.choice_method
    if round_ and round_.is_open() and theme.status == Theme.Status.PUBLISHED:
        context["my_votes"] = selectors.my_votes(round_, request.user)
    return render(request, "themes/theme_detail.html", context)


def similar(request):
    """The similar-themes fragment the proposal form shows while someone types (htmx); the page itself otherwise."""
    if not request.htmx:
        return redirect("themes:propose")
    conference = request.GET.get("conference", "")
    editions = selectors.proposal_editions(user=request.user)
    edition = editions.filter(pk=conference).first() if conference.isdigit() else None
    themes = selectors.similar_themes(title=request.GET.get("title", ""), edition=edition or selectors.next_edition())
    return render(request, "themes/propose.html#suggestions", {"suggestions": themes, "seen_while_typing": True})


@open_permission_required("themes.view_recurring")
def recurring(request):
    overview = RecurringOverview.load()
    form = None
    status = 200
    if request.user.has_perm("themes.moderate"):
        initial = {"publish": "1" if overview.is_published else "0", "introduction": overview.introduction}
        form = RecurringOverviewForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            publish, introduction = form.cleaned_data["publish"], form.cleaned_data["introduction"]
            if not publish and overview.is_published and not take_back_confirmed(request):
                return confirm_take_back(
                    request,
                    title=_("Show the recurring themes only to coordinators?"),
                    disappears=[_("the page with recurring themes and its introduction")],
                    cancel_url=reverse("themes:recurring"),
                    fields={"introduction": introduction},
                )
            services.save_recurring_overview(is_published=publish, introduction=introduction)
            messages.success(request, _("The page has been saved."))
            return redirect("themes:recurring")
        if request.method == "POST":
            status = 400
    page = Paginator(selectors.recurring_groups(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"overview": overview, "form": form, "page_obj": page}
    return render(request, "themes/recurring.html", context, status=status)
