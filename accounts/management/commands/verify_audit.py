from contextlib import closing

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.audit import first_broken_event
from accounts.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain, row by row in the order the rows were written. "
        "Exits with status 1 and names the first row that does not match when any row was "
        "changed, inserted or removed behind the app's back (a removed last row cannot be seen)."
    )

    def handle(self, **options):
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
        # Closed at once, even when the walk stops early: its server-side cursor must not
        # outlive this transaction.
        with transaction.atomic(), closing(events):
            broken = first_broken_event(events)
        if broken is not None:
            raise CommandError(
                f"Audit event {broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S} UTC, {broken.action}) "
                "does not match the chain: it, or the row before it, was changed or removed."
            )
        total = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"{total} audit events checked: the chain is intact."))
