# Clinics that exist already keep signing in as before; new clinics require two-factor.

from django.db import migrations, models

HELP = "Clinicians and clinic admins confirm each sign-in with a code from their phone."


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_audit_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="require_two_factor",
            field=models.BooleanField(
                default=False, help_text=HELP, verbose_name="require two-factor sign-in"
            ),
        ),
        migrations.AlterField(
            model_name="clinic",
            name="require_two_factor",
            field=models.BooleanField(
                default=True, help_text=HELP, verbose_name="require two-factor sign-in"
            ),
        ),
    ]
