from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from conference import panels
from conference.markdown import render_markdown
from conference.rules import is_coordinator

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render user Markdown, sanitised."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def render_panels(context, slot, obj=None):
    """Render the blocks other apps registered for this slot of the page."""
    request = context.get("request")
    parts = []
    for panel in panels.for_slot(slot):
        panel_context = panel.context(request, obj)
        if panel_context is None:
            continue
        parts.append(render_to_string(panel.template, {**panel_context, "object": obj}, request=request))
    return mark_safe("".join(parts))  # noqa: S308 - rendered by our own autoescaping templates


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter(name="is_coordinator")
def is_coordinator_filter(user):
    """``{% if person|is_coordinator %}``: the rule ``is_coordinator`` of conference/rules.py, for any user."""
    return is_coordinator(user)
