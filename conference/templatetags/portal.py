from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from conference import page_cache, panels
from conference.markdown import render_markdown
from conference.rules import holds_coordinator_role, is_coordinator, needs_second_factor

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

        def render(panel=panel):
            panel_context = panel.context(request, obj)
            if panel_context is None:
                return ""
            return render_to_string(panel.template, {**panel_context, "object": obj}, request=request)

        if panel.shared:
            parts.append(page_cache.shared_fragment(("panel", slot, panel.template, getattr(obj, "pk", None)), render))
        else:
            parts.append(render())
    return mark_safe("".join(parts))  # noqa: S308 - rendered by our own autoescaping templates


class SharedFragmentNode(template.Node):
    def __init__(self, parts, nodelist):
        self.parts, self.nodelist = parts, nodelist

    def render(self, context):
        key = tuple(part.resolve(context) for part in self.parts)
        if None in key:  # this visitor sees their own version: render it, keep nothing
            return self.nodelist.render(context)
        return page_cache.shared_fragment(key, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    """``{% shared_fragment "programme" edition.pk %}...{% endshared_fragment %}``: a part of a page that is the
    same for every visitor, rendered once per content version and language (``conference.page_cache``).
    Only for content that never looks at the visitor: no forms, no permissions, no ``user`` — or put what
    it depends on into the key. A key part that is ``None`` renders the part for this visitor alone."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode([parser.compile_filter(bit) for bit in bits], nodelist)


#: The coordinator's menu on every management page: (url name, label, also current on the pages below it).
MANAGE_NAVIGATION = [
    ("conference:manage", _("Dashboard"), False),
    ("conference:manage_editions", _("Editions"), True),
    ("conference:manage_users", _("People and roles"), True),
    ("conference:manage_organisations", _("Organisations"), False),
    ("conference:manage_organisers", _("Other organisers"), True),
    ("conference:manage_site", _("Organising body"), False),
    ("conference:manage_audit", _("Changes"), False),
    ("conference:manage_statements", _("Privacy and accessibility"), True),
]


@register.simple_tag(takes_context=True)
def manage_navigation(context):
    """The items of the coordinator's menu, each with ``current`` (this page) and ``active`` (this section)."""
    path = context["request"].path
    items = []
    for name, label, section in MANAGE_NAVIGATION:
        url = reverse(name)
        current = path == url
        items.append({"url": url, "label": label, "current": current, "active": current or (section and url in path)})
    return items


@register.filter(name="is_coordinator")
def is_coordinator_filter(user):
    """``{% if person|is_coordinator %}``: the rule ``is_coordinator`` of conference/rules.py, for any user."""
    return is_coordinator(user)


@register.filter(name="holds_coordinator_role")
def holds_coordinator_role_filter(user):
    """``{% if person|holds_coordinator_role %}``: the role itself, with two-step login set up or not yet."""
    return holds_coordinator_role(user)


@register.filter(name="needs_second_factor")
def needs_second_factor_filter(user):
    """``{% if user|needs_second_factor %}``: holds the coordinator role, but has not set up two-step login."""
    return needs_second_factor(user)
