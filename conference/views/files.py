"""Public uploads: the logos of the organising body and of other organisers.

Logos are public branding, shown on every page, so anyone may fetch them; but only a file that is
a logo right now is served from ``/media/`` (a replaced or removed logo answers 404, and nothing
else that might ever land in ``MEDIA_ROOT`` is handed out). Private files (photos of table sheets)
live in another storage and open only through their own view (``tabletalks.sheet_photo``).
"""

from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_safe

from conference import file_responses
from conference.models import Organiser, SiteSettings


@require_safe
def public_media(request, name):
    if not (SiteSettings.objects.filter(logo=name).exists() or Organiser.objects.filter(logo=name).exists()):
        raise Http404
    return file_responses.image_response(
        request, storage=default_storage, name=name, cache_control={"public": True, "max_age": 3600}
    )
