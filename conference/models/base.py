from django.db import models


class PeersQuerySet(models.QuerySet):
    """A queryset whose rows fetch a missing relation for all their peers at once.

    Selectors still use select_related/prefetch_related for what a page needs; this is
    the safety net (Django 6.1 fetch modes) so that a forgotten relation costs one query,
    not one per row.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fetch_mode = models.FETCH_PEERS


PeersManager = models.Manager.from_queryset(PeersQuerySet)
