"""Rotating the audit trail's MAC key (README, "Audit trail: threat model"): new rows take
the first key of AUDIT_MAC_KEYS, and a retired key kept after it still verifies its rows."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.audit_checkpoints import write_checkpoint
from accounts.models import AuditSeal
from tests.accounts.audit_trail import write_events

pytestmark = pytest.mark.django_db

KEY_1 = "first-key-only-for-these-tests-0123456789"
KEY_2 = "second-key-only-for-these-tests-0123456789"


@pytest.fixture(autouse=True)
def checkpoints_apart(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path


@pytest.fixture
def sealed_with_k1_then_k2(settings):
    settings.AUDIT_MAC_KEYS = {"k1": KEY_1}
    old = write_events(3)
    settings.AUDIT_MAC_KEYS = {"k2": KEY_2, "k1": KEY_1}
    new = write_events(2)
    return old, new


def test_new_rows_take_the_first_key(sealed_with_k1_then_k2):
    old, new = sealed_with_k1_then_k2
    keys = dict(AuditSeal.objects.values_list("event_id", "key_id"))
    assert [keys[event.pk] for event in old + new] == ["k1", "k1", "k1", "k2", "k2"]


def test_it_passes_with_the_retired_key_kept(sealed_with_k1_then_k2, capsys):
    call_command("verify_audit")
    assert "5 audit events checked" in capsys.readouterr().out


def test_it_fails_once_the_retired_key_is_gone(sealed_with_k1_then_k2, settings):
    old, _ = sealed_with_k1_then_k2
    settings.AUDIT_MAC_KEYS = {"k2": KEY_2}
    with pytest.raises(
        CommandError,
        match=(
            f"Audit event {old[0].pk} .*: it is sealed with key 'k1', which is not in "
            "AUDIT_MAC_KEYS: keep retired keys listed after the current one"
        ),
    ):
        call_command("verify_audit")


def test_the_same_key_id_with_another_secret_fails(sealed_with_k1_then_k2, settings):
    old, _ = sealed_with_k1_then_k2
    settings.AUDIT_MAC_KEYS = {"k2": KEY_2, "k1": KEY_2}
    with pytest.raises(CommandError, match=f"Audit event {old[0].pk} .*: its seal does not match"):
        call_command("verify_audit")


def test_checkpoints_rotate_too(settings):
    settings.AUDIT_MAC_KEYS = {"k1": KEY_1}
    write_events(1)
    assert write_checkpoint().key_id == "k1"
    settings.AUDIT_MAC_KEYS = {"k2": KEY_2, "k1": KEY_1}
    write_events(1)
    assert write_checkpoint().key_id == "k2"
    call_command("verify_audit")
    settings.AUDIT_MAC_KEYS = {"k2": KEY_2}
    with pytest.raises(
        CommandError,
        match="Checkpoint audit-checkpoints.jsonl, line 1 is signed with key 'k1', which is not",
    ):
        call_command("verify_audit")
