from django import template

from accounts import invitations

register = template.Library()


@register.filter
def invitation_url(invitation_id) -> str:
    """The absolute link of an invitation id, for staff to copy."""
    return invitations.url_for(invitation_id)
