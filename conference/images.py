"""Uploaded images (photos of table sheets, logos): checked by their content, re-saved without metadata."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
LARGE_SIDE = 2000
THUMBNAIL_SIDE = 400


def _open(upload, *, max_bytes: int, formats: set[str], texts: dict) -> Image.Image:
    """The upload as a loaded image, checked by its content; ``texts`` are the Dutch refusals."""
    if upload.size > max_bytes:
        raise ValidationError(texts["too_large"])
    try:
        upload.seek(0)
        Image.open(upload).verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in formats:
            raise ValidationError(texts["format"])
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(texts["pixels"])
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(texts["unreadable"]) from error
    return image


def _photo_texts() -> dict:
    return {
        "too_large": _("The photo is too large: 10 MB at most."),
        "format": _("Upload a photo (JPEG, PNG or WebP)."),
        "pixels": _("The photo has too many pixels."),
        "unreadable": _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image."),
    }


def _jpeg(image: Image.Image, side: int) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((side, side))
    buffer = BytesIO()
    copy.save(buffer, format="JPEG", quality=85, optimize=True)  # no exif= argument: nothing is carried over
    content = ContentFile(buffer.getvalue())
    content.image_size = copy.size
    return content


def clean_photo(upload) -> tuple[ContentFile, ContentFile]:
    """The photo and its thumbnail as fresh JPEGs: only pixels, no EXIF (no location)."""
    image = _open(upload, max_bytes=MAX_BYTES, formats=ALLOWED_FORMATS, texts=_photo_texts())
    image = ImageOps.exif_transpose(image)
    pixels = Image.new("RGB", image.size, "white")
    rgba = image.convert("RGBA")
    pixels.paste(rgba, mask=rgba.getchannel("A"))
    return _jpeg(pixels, LARGE_SIDE), _jpeg(pixels, THUMBNAIL_SIDE)


# --- Logos (organisers of editions) ------------------------------------------------------------

LOGO_MAX_BYTES = 1024 * 1024
LOGO_SIDE = 600
LOGO_FORMATS = {"JPEG", "PNG", "WEBP"}


def clean_logo(upload) -> ContentFile:
    """A logo as a fresh PNG of 600 pixels at most: checked by its content, only pixels kept.

    No SVG (it can carry script); transparency stays.
    """
    texts = {
        "too_large": _("The logo may be 1 MB at most."),
        "format": _("Upload the logo as PNG, JPEG or WebP."),
        "pixels": _("The logo has too many pixels."),
        "unreadable": _("This file is not an image we can read. Upload a PNG, JPEG or WebP."),
    }
    image = _open(upload, max_bytes=LOGO_MAX_BYTES, formats=LOGO_FORMATS, texts=texts)
    pixels = ImageOps.exif_transpose(image).convert("RGBA")
    pixels.thumbnail((LOGO_SIDE, LOGO_SIDE))
    buffer = BytesIO()
    pixels.save(buffer, format="PNG", optimize=True)
    content = ContentFile(buffer.getvalue())
    content.image_size = pixels.size
    return content
