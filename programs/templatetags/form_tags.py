from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


@register.filter
def choice_input(choice) -> str:
    """A radio or checkbox option's <input>, as `{{ choice.tag }}` writes it.

    The log form has ~30 of them; each `tag` renders the widget template on its own,
    which cost a third of the today page's time.
    """
    data = choice.data
    value = "" if data["value"] is None else format_html(' value="{}"', data["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>', data["type"], data["name"], value, flatatt(data["attrs"])
    )


@register.filter
def widget_with_id(field, suffix) -> str:
    """The field's widget under an id made unique by `suffix`, for one form whose field is
    repeated down a page (the report's acknowledgement note, once per flag)."""
    return field.as_widget(attrs={"id": f"{field.auto_id}-{suffix}"})
