from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WeightedSearchVector(models.Func):
    """A stored, weighted full-text vector of some text columns, for a ``GeneratedField``.

    PostgreSQL: ``setweight(to_tsvector(config, col1), 'A') || setweight(..., 'B') || ...`` in the
    order of the columns given (the two-argument ``to_tsvector`` is immutable, as a generated
    column needs). Other databases have no ``tsvector``: the column is NULL there and callers
    fall back to simple matching.
    """

    output_field = SearchVectorField()
    WEIGHTS = "ABCD"

    def __init__(self, *columns, config="dutch"):
        if not 1 <= len(columns) <= len(self.WEIGHTS):
            raise ValueError("Give one to four columns, most important first.")
        super().__init__(*columns)
        self.config = config

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        vector = None
        for column, weight in zip(self.get_source_expressions(), self.WEIGHTS, strict=False):
            part = SearchVector(column, config=self.config, weight=weight)
            vector = part if vector is None else vector + part
        return compiler.compile(vector)


class SearchDocument(models.Model):
    """One searchable thing (an edition, a theme, a report, ...), kept up to date by ``conference.search``.

    Apps register what they index; this table never points at their models, it only stores the
    kind and the object's id. ``vector`` is filled on PostgreSQL only (Dutch configuration, title
    weighted A, ``secondary`` B, ``body`` C); its GIN index and the trigram index on the title
    exist only there, without GIN's pending list (``fastupdate``): documents change one at a time,
    searches are many, and a search never has to scan entries not yet merged into the index.
    ``is_public`` says whether anonymous visitors and residents may see it.
    """

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.BigIntegerField()
    edition = models.ForeignKey(
        "conference.Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    title = models.CharField(_("title"), max_length=300)
    secondary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    happened_on = models.DateField(null=True, blank=True)
    is_public = models.BooleanField(default=False)
    url_name = models.CharField(max_length=100)
    url_kwargs = models.JSONField(default=dict)
    url_fragment = models.CharField(max_length=100, blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document_per_object")]
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector", fastupdate=False),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="search_document_title_trgm", fastupdate=False),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The page of the object, in the language of the request (English under /en/)."""
        url = reverse(self.url_name, kwargs=self.url_kwargs)
        return f"{url}#{self.url_fragment}" if self.url_fragment else url
