# The database chains each audit row itself, in a BEFORE INSERT trigger: `audit.record()`
# becomes one INSERT … RETURNING instead of five round trips, and no insert, not even a stray
# ORM one, can leave the chain. `chain_hash()` in Python stays the check (`verify_audit`):
# the canonical text below is byte for byte the JSON it hashes, so rows written before this
# migration and after it form one chain.

from django.db import migrations

from accounts.audit import AUDIT_CHAIN_LOCK_KEY

# Arguments in `audit.HASHED_FIELDS` order; keys in `json.dumps(sort_keys=True)` order.
CANONICAL_SQL = r"""
CREATE FUNCTION accounts_auditevent_canonical(
    at timestamptz, user_id uuid, role text, clinic_id bigint, patient_id uuid, action text,
    category text, object_type text, object_id text, ip inet, outcome text, prev_hash text
) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    utc timestamp := at AT TIME ZONE 'UTC';
    address text := host(ip);
    tail bigint;
BEGIN
    -- Python (ensure_ascii) writes \uXXXX for DEL and anything past it, to_json() the
    -- character itself: refuse rather than store a hash the Python check would call broken.
    IF concat(role, action, category, object_type, object_id, outcome, prev_hash)
            ~ '[^\x01-\x7e]' THEN
        RAISE EXCEPTION 'Hashed audit fields must be printable ASCII or control characters'
            USING ERRCODE = 'character_not_in_repertoire';
    END IF;
    -- PostgreSQL writes an IPv4-mapped or -compatible IPv6 address with a dotted tail
    -- (::ffff:1.2.3.4), Python's ipaddress (3.12) in hex (::ffff:102:304).
    IF family(ip) = 6 AND address LIKE '%.%' THEN
        tail := substring(address FROM '[0-9.]+$')::inet - '0.0.0.0'::inet;
        address := substring(address FROM '^.*:')
            || to_hex(tail >> 16) || ':' || to_hex(tail & 65535);
    END IF;
    RETURN '{"action":' || coalesce(to_json(action)::text, 'null')
        -- isoformat(): no fraction when the microsecond is 0.
        || ',"at":"' || to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN to_char(utc, 'US') = '000000' THEN '' ELSE '.' || to_char(utc, 'US') END
        || '+00:00"'
        || ',"category":' || coalesce(to_json(category)::text, 'null')
        || ',"clinic_id":' || coalesce(clinic_id::text, 'null')
        || ',"ip":' || coalesce(to_json(address)::text, 'null')
        || ',"object_id":' || coalesce(to_json(object_id)::text, 'null')
        || ',"object_type":' || coalesce(to_json(object_type)::text, 'null')
        || ',"outcome":' || coalesce(to_json(outcome)::text, 'null')
        || ',"patient_id":' || coalesce(to_json(patient_id::text)::text, 'null')
        || ',"prev_hash":' || coalesce(to_json(prev_hash)::text, 'null')
        || ',"role":' || coalesce(to_json(role)::text, 'null')
        || ',"user_id":' || coalesce(to_json(user_id::text)::text, 'null')
        || '}';
END;
$$;
"""

CHAIN_SQL = f"""
CREATE FUNCTION accounts_auditevent_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The last hash below is read with a fresh snapshot only under READ COMMITTED; an older
    -- snapshot (REPEATABLE READ, SERIALIZABLE) could miss the row just committed and fork it.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'Audit rows are written under READ COMMITTED only, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
    END IF;
    -- Held until this transaction ends: the next writer waits, then sees this row as the last.
    PERFORM pg_advisory_xact_lock({AUDIT_CHAIN_LOCK_KEY});
    -- The id default was drawn before this trigger ran, so before the lock: two writers could
    -- chain in another order than their ids, and verify_audit walks the chain by id.
    NEW.id := nextval(pg_get_serial_sequence('accounts_auditevent', 'id'));
    -- After the lock, so time order follows chain order; any `at` the insert gave is replaced.
    NEW.at := clock_timestamp();
    -- A volatile plpgsql function takes a fresh snapshot per statement under READ COMMITTED:
    -- this sees the row the previous lock holder committed.
    NEW.prev_hash := coalesce(
        (SELECT hash FROM accounts_auditevent ORDER BY id DESC LIMIT 1), ''
    );
    NEW.hash := encode(sha256(convert_to(accounts_auditevent_canonical(
        NEW.at, NEW.user_id, NEW.role, NEW.clinic_id, NEW.patient_id, NEW.action,
        NEW.category, NEW.object_type, NEW.object_id, NEW.ip, NEW.outcome, NEW.prev_hash
    ), 'UTF8')), 'hex');
    RETURN NEW;
END;
$$;
CREATE TRIGGER accounts_auditevent_chain
    BEFORE INSERT ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_chain();
"""  # nosec B608  (fixed SQL text: the only value is the constant lock key)

DROP_SQL = """
DROP TRIGGER accounts_auditevent_chain ON accounts_auditevent;
DROP FUNCTION accounts_auditevent_chain();
DROP FUNCTION accounts_auditevent_canonical(
    timestamptz, uuid, text, bigint, uuid, text, text, text, text, inet, text, text
);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_clinic_require_two_factor"),
    ]

    operations = [
        migrations.RunSQL(CANONICAL_SQL + CHAIN_SQL, DROP_SQL),
    ]
