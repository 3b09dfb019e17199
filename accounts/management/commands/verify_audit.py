from contextlib import closing

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.audit_check import first_problem
from accounts.audit_checkpoints import InvalidCheckpoint, read_checkpoints
from accounts.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check the audit trail row by row, in the order the rows were written: each row's "
        "hash, its link to the row before, its seal (an HMAC with AUDIT_MAC_KEYS), and the "
        "signed checkpoints in AUDIT_CHECKPOINT_DIR. Exits with status 1 naming the first row "
        "that was changed, inserted or removed behind the app's back, and why. Rows written "
        "after the newest checkpoint can be removed unseen."
    )

    def handle(self, **options):
        # Read before the rows: every checkpoint's row was committed before it was written.
        try:
            checkpoints = read_checkpoints()
        except InvalidCheckpoint as error:
            raise CommandError(str(error)) from None
        events = AuditEvent.objects.select_related("seal").order_by("id").iterator(chunk_size=2000)
        # Closed at once, even when the walk stops early: its server-side cursor must not
        # outlive this transaction.
        with transaction.atomic(), closing(events):
            problem = first_problem(events, checkpoints)
        if problem is not None:
            raise CommandError(problem)
        total = AuditEvent.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} audit events checked: the chain is intact and every row is sealed."
            )
        )
        if checkpoints:
            newest = max(checkpoints, key=lambda checkpoint: checkpoint.head_id)
            self.stdout.write(
                f"Checkpoints matched: {len(checkpoints)}; the newest is {newest.describe()}. "
                "Rows written after it are covered by the next checkpoint only."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"No checkpoints in {settings.AUDIT_CHECKPOINT_DIR}: the newest rows could "
                    "be removed unseen. Run `manage.py reminder_clock` beside the workers."
                )
            )
