from django.core.management.commands import flush
from django.db import connections, transaction


class Command(flush.Command):
    help = (
        flush.Command.help + " The audit trail is emptied too: its append-only trigger lets "
        "this command, and only this command, truncate it."
    )

    def handle(self, **options):
        database = options["database"]
        with transaction.atomic(using=database):
            with connections[database].cursor() as cursor:
                cursor.execute("SET LOCAL stride.allow_audit_truncate = 'on'")
            super().handle(**options)
