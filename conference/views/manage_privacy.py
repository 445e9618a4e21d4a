"""Coordinator pages for personal data: a person's data and account on request, and the statements."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conference import privacy, selectors, statements
from conference.decorators import coordinator_required
from conference.forms_privacy import DeleteAccountOnRequestForm, StatementForm
from conference.markdown import render_markdown
from conference.models import Statement, User
from conference.security_log import log_security_event
from conference.views.privacy import personal_data_response

LANGUAGES = ("nl", "en")


def _person(pk: int) -> User:
    return get_object_or_404(User, pk=pk, is_placeholder=False)


@never_cache
@coordinator_required
def user_data(request, pk):
    """On a person's request: download their data, or delete their account after typing their e-mail address."""
    person = _person(pk)
    form = DeleteAccountOnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = str(person)
        try:
            privacy.delete_account_on_request(
                user=person, by=request.user, confirmation=form.cleaned_data["confirmation"]
            )
        except ValidationError as error:
            form.add_error("confirmation" if error.code == "confirmation" else None, error)
        else:
            if person.pk == request.user.pk:
                logout(request)
                return redirect("conference:account_deleted")
            messages.success(request, _("The account of %(name)s has been deleted.") % {"name": name})
            return redirect("conference:manage_users")
    context = {"person": person, "form": form, "is_last_coordinator": selectors.is_last_coordinator(person)}
    return render(request, "conference/manage/user_data.html", context)


@coordinator_required
@require_GET
@never_cache
def user_data_download(request, pk):
    person = _person(pk)
    log_security_event("personal_data_exported", user=request.user, subject_id=person.pk)
    return personal_data_response(person, f"gegevens-{person.pk}-{timezone.localdate().isoformat()}.json")


@coordinator_required
def statement_list(request):
    saved = {(s.kind, s.language): s for s in Statement.objects.select_related("updated_by")}
    rows = [
        {
            "slug": slug,
            "kind": kind,
            "label": Statement.Kind(kind).label,
            "saved": [saved.get((kind, lang)) for lang in LANGUAGES],
        }
        for slug, kind in statements.SLUGS.items()
    ]
    return render(request, "conference/manage/statement_list.html", {"rows": rows})


@coordinator_required
def statement_edit(request, slug):
    kind = statements.SLUGS.get(slug)
    if kind is None:
        raise Http404
    initial = {f"body_{lang}": statements.current(kind, lang)[0] for lang in LANGUAGES}
    form = StatementForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        texts = {lang: form.cleaned_data[f"body_{lang}"] for lang in LANGUAGES}
        if "preview" in request.POST:
            preview = {
                lang: render_markdown(text or statements.default_text(kind, lang)) for lang, text in texts.items()
            }
        else:
            try:
                privacy.save_statement(kind=kind, texts=texts, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The statement has been saved."))
                return redirect("conference:manage_statements")
    context = {"form": form, "kind": kind, "slug": slug, "label": Statement.Kind(kind).label, "preview": preview}
    return render(request, "conference/manage/statement_form.html", context)
