"""Where uploads live.

Two storages (``settings.STORAGES``):

- ``default`` (``MEDIA_ROOT``, served at ``/media/``): public branding only, the logos of the
  organising body and of other organisers. Anyone may see them.
- ``private`` (``PRIVATE_MEDIA_ROOT``): files that only some people may see, today the photos of
  table sheets. They have no public address; ``conference.file_responses`` hands them out after the
  view has checked the permission (streamed by Django, or by nginx through ``X-Accel-Redirect``).

Keeping them in separate folders means a web server that serves all of ``MEDIA_ROOT`` can never
leak a private file.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="conference.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk under ``PRIVATE_MEDIA_ROOT``, with no URL of their own."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(
            f"{name} is a private file and has no public address: link to the view that checks who may see it."
        )


def private_storage():
    """The storage of private files (a callable, so settings decide it and migrations do not change)."""
    return storages["private"]
