"""'My data' (download everything, delete the account) and the statutory statements (privacy, accessibility)."""

from allauth.core import ratelimit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conference import personal_data, privacy, selectors, statements
from conference.forms_privacy import DeleteOwnAccountForm
from conference.markdown import render_markdown
from conference.models import Statement
from conference.page_cache import public_page


def personal_data_response(user, filename: str) -> JsonResponse:
    """The export as a JSON file to save (never cached: it is one person's data)."""
    response = JsonResponse(
        personal_data.export_user(user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def my_data(request):
    """What the portal keeps about me: download it, or delete my account (confirmed with my password)."""
    form = DeleteOwnAccountForm(request.POST or None)
    if request.method == "POST":
        # The password check must not become a way to guess the password of a session someone took over.
        limited = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
        if limited:
            return limited
    if request.method == "POST" and form.is_valid():
        try:
            privacy.delete_own_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password" if error.code == "wrong_password" else None, error)
        else:
            logout(request)
            return redirect("conference:account_deleted")
    context = {"form": form, "is_last_coordinator": selectors.is_last_coordinator(request.user)}
    return render(request, "conference/privacy/my_data.html", context)


@require_GET
@never_cache
@login_required
def my_data_download(request):
    return personal_data_response(request.user, f"mijn-gegevens-{timezone.localdate().isoformat()}.json")


@require_GET
def account_deleted(request):
    return render(request, "conference/privacy/account_deleted.html")


def _statement(request, kind: str):
    text, saved = statements.current(kind)
    context = {
        "kind_slug": next(slug for slug, value in statements.SLUGS.items() if value == kind),
        "title": Statement.Kind(kind).label,
        "html": render_markdown(text),
        "changed_on": timezone.localdate(saved.updated_at) if saved else statements.DEFAULT_TEXT_DATE,
    }
    return render(request, "conference/privacy/statement.html", context)


@public_page
@require_GET
def privacy_statement(request):
    return _statement(request, Statement.Kind.PRIVACY)


@public_page
@require_GET
def accessibility_statement(request):
    return _statement(request, Statement.Kind.ACCESSIBILITY)
