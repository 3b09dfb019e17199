"""Store every account's e-mail address normalised (accounts.addresses.normalise).

Addresses were stored lower-cased; sign-in now matches the normalised form exactly. Two
accounts whose addresses become one are not merged: the migration stops and names them,
for someone to give one of them another address (in the admin) before migrating again.
"""

from collections import defaultdict

from django.db import migrations

from accounts.addresses import normalise


class AddressesCollide(Exception):
    pass


def normalise_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    accounts = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email").order_by("pk"):
        accounts[normalise(email)].append((pk, email))
    collisions = [rows for rows in accounts.values() if len(rows) > 1]
    if collisions:
        # Ids only: the output may end up in a deployment log.
        groups = "; ".join(", ".join(str(pk) for pk, _email in rows) for rows in collisions)
        raise AddressesCollide(
            f"{len(collisions)} group(s) of accounts have e-mail addresses that are the same "
            f"once normalised (case, full-width letters, accents): {groups}. Give all but one "
            "account of each group another address, then run the migration again."
        )
    # No two accounts share a normalised form, and the form of a normalised address is
    # itself: no update can take an address that another row still holds.
    for normalised, [(pk, email)] in accounts.items():
        if email != normalised:
            User.objects.filter(pk=pk).update(email=normalised)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_audit_seal"),
    ]

    operations = [
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop),
    ]
