"""Themes in the site-wide search: the public themes of published editions (coordinators: all)."""

from django.utils.translation import gettext_lazy as _

from conference import search
from conference.models import Edition, Organisation
from themes.models import Theme

search.register_kind("theme", label=_("Theme"), plural=_("Themes"), order=30)


@search.indexes(Theme, kinds=["theme"], queryset=lambda qs: qs.select_related("conference", "organisation"))
def theme_documents(theme: Theme):
    yield search.Document(
        kind="theme",
        title=theme.title,
        url_name="themes:detail",
        url_kwargs={"pk": theme.pk, "slug": theme.slug},
        secondary=[theme.target_group, theme.organisation.name if theme.organisation_id else ""],
        body=search.plain_text(theme.description),
        edition_id=theme.conference_id,
        happened_on=theme.conference.starts_at,
        is_public=theme.is_public and theme.conference.is_published,
    )


search.watch(Edition, lambda edition: edition.themes.all())
search.watch(Organisation, lambda organisation: organisation.themes.all())
