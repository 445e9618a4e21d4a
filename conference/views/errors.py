from django.shortcuts import render
from django.template.loader import get_template


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without context processors: the database may be what failed."""
    from django.http import HttpResponseServerError

    return HttpResponseServerError(get_template("500.html").render({"request": request}))


def csrf_failure(request, reason=""):
    """A form came back without a valid security token: usually an old tab or an expired session."""
    return render(request, "403_csrf.html", status=403)
