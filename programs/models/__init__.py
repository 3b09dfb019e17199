"""The programs app's models, one module per concern; table names are the app's as before."""

from exercises.dose import ALL_WEEKDAYS, WEEKDAY_NAMES
from programs.models.api_tokens import ApiToken
from programs.models.checkins import RedFlagCheckIn
from programs.models.engagement import (
    CalendarFeed,
    Message,
    Reminder,
    ReminderKind,
    ReminderSettings,
)
from programs.models.logs import Difficulty, ExerciseCompletion, SessionLog
from programs.models.outcomes import Occasion, OutcomeAnswer, OutcomeResponse, OutcomeStatus
from programs.models.prescribing import (
    DoseFields,
    Prescription,
    Program,
    ProgramChange,
    ProgramStatus,
    ProgramStatusSpan,
    ProgramTemplate,
    Side,
    TemplateItem,
    span_days,
)
from programs.models.review import Flag, FlagKind

__all__ = [
    "ALL_WEEKDAYS",
    "ApiToken",
    "CalendarFeed",
    "WEEKDAY_NAMES",
    "Difficulty",
    "DoseFields",
    "ExerciseCompletion",
    "Flag",
    "FlagKind",
    "Message",
    "Occasion",
    "OutcomeAnswer",
    "OutcomeResponse",
    "OutcomeStatus",
    "Prescription",
    "Program",
    "ProgramChange",
    "ProgramStatus",
    "ProgramStatusSpan",
    "ProgramTemplate",
    "RedFlagCheckIn",
    "Reminder",
    "ReminderKind",
    "ReminderSettings",
    "SessionLog",
    "Side",
    "TemplateItem",
    "span_days",
]
