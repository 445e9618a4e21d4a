"""The portal's URLs plus one page that always fails, to see the portal's own 500 page."""

from django.urls import path

from conference.urls import handler400, handler403, handler404, handler500
from conference.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("kapot/", broken), *portal_urlpatterns]
