"""Recaps (terugblikken): list, page (printable), Atom feed; and the evaluation form for participants."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conference import selectors, services
from conference.decorators import permission_required
from conference.forms import EvaluationAnswerForm
from conference.markdown import render_markdown
from conference.models import Evaluation, Recap, SiteSettings
from conference.page_cache import public_page
from conference.views.editions import _edition_or_404


@public_page
def recap_list(request):
    page = Paginator(selectors.recaps_for(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "conference/recap_list.html", {"page_obj": page})


def recap_context(request, recap: Recap) -> dict:
    edition = recap.conference
    evaluation = getattr(edition, "evaluation", None)
    summary = selectors.evaluation_summary(evaluation) if evaluation and recap.show_evaluation else None
    return {
        "recap": recap,
        "edition": edition,
        "sections": list(recap.sections.all()) if recap.pk else [],
        "outcome_groups": SimpleLazyObject(lambda: selectors.outcomes_by_topic(edition)),  # kept, see recap_body
        "next_edition": selectors.edition_after(edition, user=request.user),
        "evaluation_summary": summary if summary and summary["total"] else None,
    }


@public_page
def recap_detail(request, slug):
    recap = selectors.recap_for(user=request.user, slug=slug)
    if recap is None:
        raise Http404
    return render(request, "conference/recap_detail.html", recap_context(request, recap))


class RecapFeed(Feed):
    feed_type = Atom1Feed
    description = gettext_lazy("Recaps of the work conference")

    def title(self):
        site = SiteSettings.load()
        return _("Recaps · %(portal)s %(name)s") % {"portal": site.portal_name, "name": site.name}

    def link(self):
        from django.urls import reverse

        return reverse("conference:recap_list")

    def items(self):
        return Recap.objects.published().select_related("conference").order_by("-published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.introduction)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


@permission_required("conference.participate")
def evaluation_answer(request, slug):
    edition = _edition_or_404(request, slug)
    evaluation = Evaluation.objects.filter(conference=edition, is_open=True).first()
    if evaluation is None:
        raise Http404
    questions = list(evaluation.questions.all())
    form = EvaluationAnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_evaluation(
                evaluation=evaluation, user=request.user, rating=form.cleaned_data["rating"], answers=form.answers()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect(edition.get_absolute_url())
    return render(
        request, "conference/evaluation_form.html", {"edition": edition, "evaluation": evaluation, "form": form}
    )
