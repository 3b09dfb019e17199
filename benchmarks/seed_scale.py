"""seed_scale: a large synthetic clinic group for the benchmarks, kept out of the app.

Run it as `.venv/bin/python benchmarks/seed_scale.py [--reset] [--patients N] ...` (it sets
up Django with DJANGO_SETTINGS_MODULE, `config.settings` by default); `benchmarks/run.py`
calls it when the benchmark database has no scale dataset yet.
"""

import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from benchmarks import scale_data


class SeedScale(BaseCommand):
    help = (
        "Fill the database with a large synthetic clinic group for benchmarks: clinics, "
        "clinicians (one clinic admin per clinic), patients with care teams, and --days of "
        "programs (with dose edits, pauses and completed programs), daily logs at varied "
        "adherence, exercise completions and flags. Bulk-loaded with PostgreSQL COPY; the "
        "same --seed on the same day gives the same rows. Clinic 1 has at least 500 "
        "patients with the default size and its first clinician exactly 200. Scale clinics "
        "do not require two-factor sign-in (the benchmarks sign in with a password). "
        "Refuses to run when a scale dataset is already there, unless --reset, which first "
        "empties the program, log and flag tables and the scale patient profiles; accounts "
        "and clinics are kept and reused (the append-only audit trail may name them). "
        f"Every scale account's password is {scale_data.PASSWORD!r}."
    )

    def add_arguments(self, parser):
        defaults = scale_data.ScaleSize()
        parser.add_argument("--clinics", type=int, default=defaults.clinics)
        parser.add_argument(
            "--clinicians",
            type=int,
            default=defaults.clinicians,
            help="clinic staff in all, one clinic admin per clinic among them",
        )
        parser.add_argument("--patients", type=int, default=defaults.patients)
        parser.add_argument("--days", type=int, default=defaults.days, help="days of history")
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--reset", action="store_true", help="replace an existing scale dataset"
        )

    def handle(self, *args, **options):
        size = scale_data.ScaleSize(
            clinics=options["clinics"],
            clinicians=options["clinicians"],
            patients=options["patients"],
            days=options["days"],
            seed=options["seed"],
        )
        if size.clinics < 1 or size.clinicians < 2 * size.clinics:
            raise CommandError(
                "Each clinic needs an admin and a clinician: --clinicians ≥ 2 × --clinics."
            )
        if size.patients < size.clinics or size.days < 14:
            raise CommandError(
                "Give each clinic a patient (--patients ≥ --clinics) and --days ≥ 14."
            )
        started = time.monotonic()
        exists = scale_data.scale_dataset_exists()
        if exists and not options["reset"]:
            raise CommandError(
                "This database already holds a scale dataset. Run with --reset to replace it."
            )
        loader = scale_data.ScaleLoader(size, now=timezone.now(), stderr=self.stderr)
        # One transaction: a failed load leaves the previous dataset as it was.
        with transaction.atomic():
            if exists:
                scale_data.reset()
            loader.load()
        elapsed = time.monotonic() - started

        for table, count in scale_data.row_counts().items():
            self.stdout.write(f"  {table:<36} {count:>12,}")
        megabytes = scale_data.database_size() / 2**20
        self.stdout.write(f"Database size: {megabytes:,.0f} MB")
        self.stdout.write(self.style.SUCCESS(f"Scale dataset loaded in {elapsed:.1f} s."))
        self.stdout.write(f"Benchmark logins (password {scale_data.PASSWORD}):")
        for role, email in scale_data.BENCHMARK_LOGINS.items():
            self.stdout.write(f"  {role:<14} {email}")


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    SeedScale().run_from_argv(["manage.py", "seed_scale", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
