"""The patient's reminders and calendar link, and the two URLs that work signed out: the
e-mail's one-click unsubscribe (a signed token) and the calendar feed (a private token)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent, User
from programs.engagement import calendar_feed, reminders
from programs.engagement.forms import ReminderSettingsForm
from programs.models import CalendarFeed


@require_http_methods(["GET", "POST"])
@patient_required
def reminder_settings(request):
    patient = request.user
    choice = reminders.choice_for(patient=patient, today=local_today(patient))
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST, choice=choice)
        if form.is_valid():
            saved = reminders.save_settings(patient=patient, **form.settings_data())
            record(
                request,
                AuditAction.REMINDER_SETTINGS_SAVED,
                category="account",
                patient=patient,
                obj=saved,
            )
            messages.success(
                request,
                "Your reminders are on." if saved.enabled else "Your reminders are off.",
            )
            return redirect("reminder_settings")
        record(
            request,
            AuditAction.REMINDER_SETTINGS_REFUSED,
            category="account",
            patient=patient,
            page="reminder_settings",
            outcome=AuditEvent.Outcome.FAILED,
        )
    else:
        form = ReminderSettingsForm(choice=choice)
        record(
            request,
            AuditAction.REMINDER_SETTINGS_VIEWED,
            category="account",
            patient=patient,
            page="reminder_settings",
        )
    feed = CalendarFeed.objects.visible_to(patient).first()
    return render(
        request,
        "programs/reminders.html",
        {
            "form": form,
            "choice": choice,
            "feed_url": calendar_feed.feed_url(feed) if feed else "",
        },
    )


@require_POST
@patient_required
def calendar_link(request):
    """Make a new private calendar link (the old one stops working), or turn it off."""
    if request.POST.get("action") == "revoke":
        calendar_feed.revoke_feed(patient=request.user)
        action, text = AuditAction.CALENDAR_LINK_REVOKED, "Your calendar link is off."
    else:
        calendar_feed.create_feed(patient=request.user)
        action, text = AuditAction.CALENDAR_LINK_CREATED, "Your new calendar link is ready."
    record(request, action, category="account", patient=request.user, page="calendar_link")
    messages.success(request, text)
    return redirect("reminder_settings")


@require_GET
def calendar_feed_ics(request, token):
    """The feed a phone's calendar subscribes to: no session, the token is the key."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("patient__clinic", "patient__patient_profile"),
        token=token,
        patient__is_active=True,
    )
    patient = feed.patient
    body = calendar_feed.feed_calendar(patient=patient).to_ical()
    record(request, AuditAction.CALENDAR_FEED_READ, category="account", patient=patient, obj=feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stride.ics"'
    return response


# A mail app's one-click unsubscribe (RFC 8058) posts without a session or CSRF token: the
# signed token in the URL is what proves the request came from the e-mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def reminders_unsubscribe(request, token):
    patient_id = reminders.patient_id_from_unsubscribe_token(token)
    patient = User.objects.patients().filter(pk=patient_id).first() if patient_id else None
    if patient is None:
        raise Http404("No such link")
    if request.method == "GET":
        # A link scanner's GET must not unsubscribe anyone: the page asks for one click.
        return render(request, "programs/unsubscribe.html", {"done": False})
    reminders.turn_off(patient=patient)
    # The signed link speaks for the patient, signed in or not.
    record(
        request,
        AuditAction.REMINDERS_UNSUBSCRIBED,
        category="account",
        patient=patient,
        user=patient,
        page="reminders_unsubscribe",
    )
    return render(request, "programs/unsubscribe.html", {"done": True})
