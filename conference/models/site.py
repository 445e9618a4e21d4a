from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CACHE_KEY = "portal:site-settings"

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour code like #1d5c8c."))


class DataLicence(models.TextChoices):
    """Licences for the open data; the value is the SPDX identifier."""

    CC0 = "CC0-1.0", _("CC0 1.0: no rights reserved, free to reuse for any purpose")
    CC_BY = "CC-BY-4.0", _("CC BY 4.0: free to reuse, mentioning the source")
    CC_BY_SA = "CC-BY-SA-4.0", _("CC BY-SA 4.0: free to reuse, mentioning the source, under the same licence")


#: The short name and the text of each licence, for the downloads and the API.
LICENCES = {
    DataLicence.CC0: ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    DataLicence.CC_BY: ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    DataLicence.CC_BY_SA: ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
}


class SiteSettings(models.Model):
    """The organising body: a municipality or neighbourhood, Dutch or Flemish. One row."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood or district")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    class Country(models.TextChoices):
        NL = "nl", _("The Netherlands")
        BE = "be", _("Belgium (Flanders)")

    name = models.CharField(_("name of the organising body"), max_length=120, default="Mijn gemeente")
    portal_name = models.CharField(_("name of the portal"), max_length=120, default="Werkconferentie")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.NL)
    logo = models.ImageField(_("logo"), upload_to="brand/", blank=True)
    primary_colour = models.CharField(_("main colour"), max_length=7, default="#1d5c8c", validators=[hex_colour])
    accent_colour = models.CharField(_("accent colour"), max_length=7, default="#b3541e", validators=[hex_colour])
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    data_licence = models.CharField(
        _("licence of the open data"),
        max_length=20,
        choices=DataLicence.choices,
        default=DataLicence.CC0,
        help_text=_("Under which terms others may reuse the public data of this portal (the API and the downloads)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organising body")
        verbose_name_plural = _("organising body")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The one row, cached in the shared cache so most pages spend no query on it."""
        site = cache.get(CACHE_KEY)
        if site is None:
            site, _created = cls.objects.get_or_create(pk=1)
            cache.set(CACHE_KEY, site, 300)
        return site

    @property
    def licence_name(self) -> str:
        return LICENCES.get(self.data_licence, LICENCES[DataLicence.CC0])[0]

    @property
    def licence_url(self) -> str:
        return LICENCES.get(self.data_licence, LICENCES[DataLicence.CC0])[1]


class Organiser(models.Model):
    """A body that runs an edition when it is not the portal's own organising body.

    A region or a federation of towns runs several organisers' conferences on one portal; an
    edition without an organiser is run by the organising body of ``SiteSettings``.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    place = models.CharField(_("place"), max_length=120, blank=True, help_text=_("For example: Malden or Gent."))
    logo = models.ImageField(_("logo"), upload_to="organisers/", blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["name"]

    def __str__(self):
        return self.name
