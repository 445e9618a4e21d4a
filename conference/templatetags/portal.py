from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from conference import panels
from conference.markdown import render_markdown

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
