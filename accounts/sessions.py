"""Automatic sign-out: after inactivity (shorter for clinic staff) and 12 hours after login.

The clock lives in the session itself: `login_at` is set when the user signs in and
`last_seen` on their requests, both as Unix times.
"""

from django.conf import settings

LOGIN_AT = "login_at"
LAST_SEEN = "last_seen"
# `last_seen` is rewritten at most this often, so most requests do not write the session.
LAST_SEEN_RESOLUTION_SECONDS = 60


def start_session_clock(session, now: float) -> None:
    session[LOGIN_AT] = session[LAST_SEEN] = now


def idle_limit_minutes(user) -> int:
    if user.is_patient:
        return settings.SESSION_IDLE_MINUTES_PATIENT
    return settings.SESSION_IDLE_MINUTES_STAFF


def expiry_message(session, user, now: float) -> str | None:
    """Why this session has ended, in words for the user, or None while it is alive."""
    # A session from before this check existed starts its clock now.
    login_at = session.setdefault(LOGIN_AT, now)
    last_seen = session.setdefault(LAST_SEEN, now)
    if now - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return (
            f"You were signed in for {settings.SESSION_ABSOLUTE_HOURS} hours, so we signed you "
            "out to keep your information safe. Please sign in again."
        )
    minutes = idle_limit_minutes(user)
    if now - last_seen > minutes * 60:
        return (
            f"You were signed out after {minutes} minutes without activity, to keep your "
            "information safe. Please sign in again."
        )
    return None


def touch(session, now: float) -> None:
    if now - session[LAST_SEEN] >= LAST_SEEN_RESOLUTION_SECONDS:
        session[LAST_SEEN] = now
