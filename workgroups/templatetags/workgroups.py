from django import template

register = template.Library()


@register.simple_tag
def goal_field(form, goal, name):
    """The bound field for one part of a goal update in the report form."""
    return form[f"goal_{goal.pk}_{name}"]
