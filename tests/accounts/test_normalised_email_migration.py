"""Migration 0010 stores every address normalised, and refuses to merge two accounts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = "0008_clinic_opening_hours", "0010_normalised_email"


def migrate(target=None):
    """Accounts back or forward to `target`, or every app to its latest; returns the
    models as they are then."""
    executor = MigrationExecutor(connection)
    targets = [("accounts", target)] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_users(transactional_db):
    """The users table before 0010, for rows as they were stored then; the whole schema
    again afterwards, for the tests that follow."""
    User = migrate(BEFORE).get_model("accounts", "User")
    yield User
    User.objects.all().delete()
    migrate()


def test_it_normalises_every_address(old_users):
    stored = ["Bob@Patients.Test", "ａｌｉｃｅ@northside.test", "rene\u0301@x.test", "dana@x.test"]
    for email in stored:
        old_users.objects.create(email=email, full_name=email)
    User = migrate(AFTER).get_model("accounts", "User")
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "alice@northside.test",
        "bob@patients.test",
        "dana@x.test",
        "ren\u00e9@x.test",
    ]


def test_it_refuses_to_merge_two_accounts_and_changes_nothing(old_users):
    first = old_users.objects.create(email="alice@northside.test", full_name="Alice")
    second = old_users.objects.create(email="ａｌｉｃｅ@northside.test", full_name="Alice too")
    old_users.objects.create(email="Bob@Patients.Test", full_name="Bob")
    with pytest.raises(Exception, match="same once normalised") as refusal:
        migrate(AFTER)
    assert str(first.pk) in str(refusal.value) and str(second.pk) in str(refusal.value)
    assert "alice" not in str(refusal.value)  # ids only, not the addresses
    assert sorted(old_users.objects.values_list("email", flat=True)) == [
        "Bob@Patients.Test",
        "alice@northside.test",
        "ａｌｉｃｅ@northside.test",
    ]
