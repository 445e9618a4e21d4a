"""The read-only public API, /api/v1/: django-ninja builds the OpenAPI 3.1 description from this code."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from opendata.api import conference, themes, workgroups

#: What each answer means, in the words of the OpenAPI document (the library writes English status phrases).
ANSWERS = {
    "200": _("The answer."),
    "400": _("The request has a character that cannot be processed (a NUL byte)."),
    "404": _("There is nothing public at this address."),
    "422": _("A parameter has a value that is not allowed."),
}


class PortalAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Stable, short operation names (``edition_list``), not the Python module path."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation["responses"].items():
                    answer["description"] = ANSWERS.get(str(status), answer["description"])
        return schema


api = PortalAPI(
    title="Werkconferentie open data",
    version="1",
    description=_(
        "Read-only: everything a visitor can see on the portal, as JSON. Lists come in pages "
        "(page, page_size) in a fixed order. Every answer has an ETag: send it back in If-None-Match "
        "and an unchanged answer costs nothing (304). No key is needed; the data may be reused under "
        "the licence on the open-data page."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _g("There is nothing public at this address.")}, status=404)


api.add_router("", conference.router, tags=[_("Editions, organisations, table talks and recaps")])
api.add_router("", themes.router, tags=[_("Themes and voting rounds")])
api.add_router("", workgroups.router, tags=[_("Workgroups, progress reports and commitments")])
