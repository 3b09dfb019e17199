from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def flag_badge(flag) -> str:
    """One flag: its kind in words (not colour alone), the reason with its numbers.

    Written here rather than as an included template: a caseload page shows ~200 flags,
    and an include per flag cost a third of the page's rendering.
    """
    if flag.acknowledged:
        colour = "text-bg-light border"
    elif flag.is_urgent:
        colour = "text-bg-danger"
    elif flag.kind == "missed":
        colour = "text-bg-warning"
    else:
        colour = "text-bg-success"
    icon = "⚠ " if flag.is_urgent else "↑ " if flag.kind == "progress" else ""
    return format_html(
        '<div class="flag-item mb-1{}"><span class="badge {}">{}{}{}</span> '
        '<span class="small">{}</span></div>',
        " text-body-secondary" if flag.acknowledged else "",
        colour,
        icon,
        flag.label,
        " · acknowledged" if flag.acknowledged else "",
        flag.reason,
    )
