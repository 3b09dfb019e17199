from django import template
from django.utils.html import format_html

from programs import rules

register = template.Library()


@register.filter
def flag_badge(flag) -> str:
    """One flag: its kind in words (not colour alone), the reason with its numbers.

    Written here rather than as an included template: a caseload page shows ~200 flags,
    and an include per flag cost a third of the page's rendering.
    """
    medical = flag.severity == rules.MEDICAL and not flag.acknowledged
    if flag.acknowledged:
        colour = "text-bg-light border"
    elif medical:
        # A red-flag symptom: the patient was told to see a doctor today. Darker than a pain
        # flag, and its reason in full weight, so it stands out from the load flags.
        colour = "text-bg-danger border border-2 border-dark"
    elif flag.is_urgent:
        colour = "text-bg-danger"
    elif flag.kind == "missed":
        colour = "text-bg-warning"
    else:
        colour = "text-bg-success"
    icon = "⚠ " if flag.is_urgent else "↑ " if flag.kind == "progress" else ""
    return format_html(
        '<div class="flag-item mb-1{}"><span class="badge {}">{}{}{}</span> '
        '<span class="small{}">{}</span></div>',
        " text-body-secondary" if flag.acknowledged else "",
        colour,
        icon,
        flag.label,
        " · told to see a doctor" if medical else " · acknowledged" if flag.acknowledged else "",
        " fw-semibold" if medical else "",
        flag.reason,
    )
