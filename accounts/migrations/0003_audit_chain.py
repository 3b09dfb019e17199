# The audit trail becomes tamper-evident (a hash chain) and append-only (a trigger).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts.audit import chain_hash

APPEND_ONLY_SQL = """
CREATE FUNCTION accounts_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- `manage.py flush` (an operator's deliberate wipe, and the test runner's) sets this for
    -- its own transaction; nothing else in the app does.
    IF TG_OP = 'TRUNCATE' AND current_setting('stride.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % is not allowed on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER accounts_auditevent_no_change
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only();
CREATE TRIGGER accounts_auditevent_no_truncate
    BEFORE TRUNCATE ON accounts_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditevent_append_only();
"""

DROP_APPEND_ONLY_SQL = """
DROP TRIGGER accounts_auditevent_no_truncate ON accounts_auditevent;
DROP TRIGGER accounts_auditevent_no_change ON accounts_auditevent;
DROP FUNCTION accounts_auditevent_append_only();
"""


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    prev_hash = ""
    for event in AuditEvent.objects.order_by("id").iterator():
        event.prev_hash = prev_hash
        event.hash = chain_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev_hash = event.hash


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        # Rows cannot be updated any more, so deleting a person cannot null their rows.
        migrations.AlterField(
            model_name="auditevent",
            name="clinic",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="accounts.clinic",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="patient",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.RunSQL(APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL),
    ]
