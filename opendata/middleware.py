"""What every answer under /api/v1/ shares, in one place.

- The data is in the portal's language (Dutch); the OpenAPI document may be asked in English (``?lang=en``).
- CORS: any site may read the API from a browser with GET or HEAD, without credentials (no cookies are
  sent or honoured); a preflight allows only those methods. Other methods get no CORS headers at all.
- HEAD answers as GET, without the body.
- Conditional GET: every 200 answer carries an ETag of its content; a request whose If-None-Match
  matches gets 304 Not Modified.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag

API_PREFIX = "/api/v1/"
OPENAPI_PATH = API_PREFIX + "openapi.json"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def _language(request) -> str:
    if request.path == OPENAPI_PATH and request.GET.get("lang") in dict(settings.LANGUAGES):
        return request.GET["lang"]
    return settings.LANGUAGE_CODE


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(READ_METHODS)
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    return response


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        method = request.method
        if method == "OPTIONS":
            response = _preflight()
        else:
            if method == "HEAD":
                request.method = "GET"
            language = _language(request)
            with translation.override(language):
                response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            if request.method == "GET" and response.status_code == 200:
                response = self._conditional(request, response)
            if method == "HEAD":
                request.method = method
                response.content = b""
        if method in READ_METHODS:
            for name, value in CORS_HEADERS.items():
                response[name] = value
        return response

    @staticmethod
    def _conditional(request, response):
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)
