"""Hours and euros as people read them: "12,5 uur", "€ 1.500" (Dutch), "12.5 hours" (English)."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

register = template.Library()

NBSP = "\u00a0"  # keeps the number and its unit on one line on a phone


@register.filter
def hours(value) -> str:
    if value is None or value == "":
        return ""
    count = 1 if Decimal(value) == 1 else 2
    text = ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": floatformat(value, "-1g")}
    return text.replace(" ", NBSP)


@register.filter
def euros(value) -> str:
    if value is None or value == "":
        return ""
    return f"€{NBSP}{floatformat(value, '-2g')}"
