"""The one date style in templates (accounts.dates): `{{ day|short_date }}` → "1 Dec 2026",
`{{ day|long_date }}` → "Mon 1 Dec 2026", `{{ moment|date_time }}` → "1 Dec 2026, 14:05" in
the active time zone (the clinic's for its staff: accounts.middleware.LocalTimeMiddleware)."""

from django import template
from django.template.defaultfilters import date as date_filter

from accounts import dates

register = template.Library()


@register.filter
def short_date(value) -> str:
    return date_filter(value, dates.SHORT_DATE_FORMAT) if value else ""


@register.filter
def long_date(value) -> str:
    return date_filter(value, dates.LONG_DATE_FORMAT) if value else ""


@register.filter
def date_time(value) -> str:
    return date_filter(value, dates.DATE_TIME_FORMAT) if value else ""
