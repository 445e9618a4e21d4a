"""Answers that hand out an uploaded image, after the view has decided who may see it.

The content type comes from the stored file's own image format (read by Pillow), never from its
name, and browsers are told not to guess (``X-Content-Type-Options: nosniff``). A file that is not
an image we serve answers 404. With ``PRIVATE_MEDIA_ACCEL_REDIRECT`` set, private files are not
streamed by Django: the answer carries an ``X-Accel-Redirect`` header and nginx sends the bytes
from its internal location (README, *Production*).
"""

import hashlib
from urllib.parse import quote

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from PIL import Image, UnidentifiedImageError

#: The image formats the portal stores (photos are re-saved as JPEG, logos as PNG) and their types.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def image_type(file) -> str | None:
    """The MIME type of an open image file by its content, or None when it is no image we serve."""
    try:
        file.seek(0)
        with Image.open(file) as image:  # reads the header only; leaves the file open
            return IMAGE_TYPES.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)


def _etag(name: str) -> str:
    return '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'


def image_response(request, *, storage, name: str, cache_control: dict, accel_prefix: str = "") -> HttpResponse:
    """The image ``name`` from ``storage``: streamed, or handed to nginx when ``accel_prefix`` is set.

    Stored names never change (a new upload gets a new random name), so the name is the ETag and a
    browser that asks again with ``If-None-Match`` gets a 304 without the file being read.
    """
    etag = _etag(name)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = _file_response(storage, name, accel_prefix)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, **cache_control)
    return response


def _file_response(storage, name: str, accel_prefix: str) -> HttpResponse:
    if not name:
        raise Http404
    try:
        file = storage.open(name)
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation) as error:
        raise Http404 from error
    content_type = image_type(file)
    if content_type is None:
        file.close()
        raise Http404
    if accel_prefix:
        file.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(accel_prefix + name)
        return response
    return FileResponse(file, content_type=content_type)
