from django import template

from programs.prescribing.dose import dose_in_words

register = template.Library()


@register.filter
def dose_words(item) -> str:
    return dose_in_words(item)
