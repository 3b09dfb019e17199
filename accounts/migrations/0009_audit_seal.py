# Each audit row gets a seal: an HMAC of its id and hash with a key the database never holds
# (accounts/audit_seal.py), so a database superuser who rewrites the chain and recomputes its
# hashes cannot make the seals match. The seals are insert-only like the trail itself.
#
# Rows written before this migration are sealed here, with the current key: run
# `manage.py verify_audit` before upgrading, as a row changed before today is sealed as it is.

import django.db.models.deletion
from django.db import migrations, models

from accounts.audit_seal import seal

# The trail's own append-only function (migration 0003): it names the table it refuses, and
# lets `manage.py flush` truncate, so both tables empty together.
APPEND_ONLY_SQL = """
CREATE TRIGGER accounts_auditseal_no_change
    BEFORE UPDATE OR DELETE ON accounts_auditseal
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only();
CREATE TRIGGER accounts_auditseal_no_truncate
    BEFORE TRUNCATE ON accounts_auditseal
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditevent_append_only();
"""

DROP_APPEND_ONLY_SQL = """
DROP TRIGGER accounts_auditseal_no_truncate ON accounts_auditseal;
DROP TRIGGER accounts_auditseal_no_change ON accounts_auditseal;
"""


def seal_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    AuditSeal = apps.get_model("accounts", "AuditSeal")
    rows = AuditEvent.objects.order_by("id").values_list("id", "hash")
    batch = []
    for event_id, event_hash in rows.iterator(chunk_size=2000):
        key_id, mac = seal(event_id, event_hash)
        batch.append(AuditSeal(event_id=event_id, key_id=key_id, mac=mac))
        if len(batch) == 2000:
            AuditSeal.objects.bulk_create(batch)
            batch = []
    AuditSeal.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_clinic_opening_hours"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="seal",
                        serialize=False,
                        to="accounts.auditevent",
                    ),
                ),
                ("key_id", models.CharField(max_length=32)),
                ("mac", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunSQL(APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL),
        migrations.RunPython(seal_existing_events, migrations.RunPython.noop),
    ]
