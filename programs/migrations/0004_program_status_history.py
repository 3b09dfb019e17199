"""A program's status history (ProgramStatusSpan) replaces ProgramPause.

Existing programs get the history that can be known from their rows, with dates local to
the patient:
- a draft: a draft span from its start date (or the day it was created, if earlier);
- any other: active from then, with each pause carved out as a paused span;
- a completed one: completed from the day after its end date, or from the day it was last
  updated if that came first or it has no end date; one without an end date gets the day
  before as its end date (its start date at the earliest), so no later day is ever due;
- a paused or active program whose pauses say otherwise takes its status from the day it
  was last updated, so the open span always holds the current status.

Self-contained on purpose (no import of the app's code): a migration must mean the same
thing for ever.
"""

import datetime
import zoneinfo
from collections import defaultdict

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.db.models.deletion
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

ONE_DAY = datetime.timedelta(days=1)
BATCH = 5000


def _set_from(spans: list[list], status: str, day: datetime.date) -> None:
    """`status` from `day` on, as the service does: spans that would never hold a day go."""
    while len(spans) > 1 and spans[-1][1] >= day:
        spans.pop()
    last = spans[-1]
    if last[0] == status:
        last[2] = None
    elif last[1] >= day:
        last[0] = status
    else:
        last[2] = day - ONE_DAY
        spans.append([status, day, None])


def _history(program: dict, pauses: list[tuple]) -> tuple[list[list], datetime.date | None]:
    """The spans [status, start, end] of one program, and its end date."""
    zone = zoneinfo.ZoneInfo(program["own_zone"] or program["clinic_zone"] or "UTC")
    created = program["created_at"].astimezone(zone).date()
    updated = max(program["updated_at"].astimezone(zone).date(), created)
    status, start, end = program["status"], program["start_date"], program["end_date"]
    spans = [[status if status == "draft" else "active", min(start, created), None]]
    if status == "draft":
        return spans, end
    for pause_start, pause_end in pauses:
        _set_from(spans, "paused", max(pause_start, spans[0][1]))
        if pause_end is not None:
            _set_from(spans, "active", pause_end + ONE_DAY)
    if status == "completed":
        completed = min(end + ONE_DAY, updated) if end else updated
        _set_from(spans, "completed", completed)
        end = end or max(completed - ONE_DAY, start)
    elif spans[-1][0] != status:
        _set_from(spans, status, updated)
    return spans, end


def build_history(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    ProgramPause = apps.get_model("programs", "ProgramPause")
    ProgramStatusSpan = apps.get_model("programs", "ProgramStatusSpan")
    pauses = defaultdict(list)
    for row in ProgramPause.objects.order_by("start_date").values_list(
        "program_id", "start_date", "end_date"
    ):
        pauses[row[0]].append(row[1:])
    programs = Program.objects.values(
        "id", "status", "start_date", "end_date", "created_at", "updated_at",
        own_zone=models.F("patient__patient_profile__timezone"),
        clinic_zone=models.F("patient__clinic__timezone"),
    )  # fmt: skip
    spans, ended = [], []
    for program in programs.iterator(chunk_size=BATCH):
        history, end = _history(program, pauses[program["id"]])
        spans += [
            ProgramStatusSpan(program_id=program["id"], status=s, start_date=a, end_date=b)
            for s, a, b in history
        ]
        if end != program["end_date"]:
            ended.append(Program(id=program["id"], end_date=end))
        if len(spans) >= BATCH:
            ProgramStatusSpan.objects.bulk_create(spans)
            spans = []
    ProgramStatusSpan.objects.bulk_create(spans)
    Program.objects.bulk_update(ended, ["end_date"], batch_size=BATCH)


def pauses_from_history(apps, schema_editor):
    """Backwards: each paused span becomes a pause again (end dates set stay set)."""
    ProgramPause = apps.get_model("programs", "ProgramPause")
    ProgramStatusSpan = apps.get_model("programs", "ProgramStatusSpan")
    ProgramPause.objects.bulk_create(
        ProgramPause(program_id=span.program_id, start_date=span.start_date, end_date=span.end_date)
        for span in ProgramStatusSpan.objects.filter(status="paused").iterator(chunk_size=BATCH)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("programs", "0003_flag_flare"),
    ]

    operations = [
        # Equality on the program's uuid inside a GiST index (the exclusion constraint).
        BtreeGistExtension(),
        migrations.CreateModel(
            name="ProgramStatusSpan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("active", "Active"),
                            ("paused", "Paused"),
                            ("completed", "Completed"),
                        ],
                        max_length=10,
                    ),
                ),
                ("start_date", models.DateField()),
                ("end_date", models.DateField(blank=True, null=True)),
                (
                    "program",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_spans",
                        to="programs.program",
                    ),
                ),
            ],
            options={
                "ordering": ["start_date"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_date__isnull", True),
                            ("end_date__gte", models.F("start_date")),
                            _connector="OR",
                        ),
                        name="status_span_end_after_start",
                    ),
                    django.contrib.postgres.constraints.ExclusionConstraint(
                        expressions=[
                            ("program", "="),
                            (
                                models.Func(
                                    models.F("start_date"),
                                    models.F("end_date"),
                                    models.Value("[]"),
                                    function="daterange",
                                    output_field=django.contrib.postgres.fields.ranges.DateRangeField(),
                                ),
                                "&&",
                            ),
                        ],
                        name="status_spans_never_overlap",
                    ),
                ],
            },
        ),
        migrations.RunPython(build_history, pauses_from_history),
        migrations.DeleteModel(name="ProgramPause"),
    ]
