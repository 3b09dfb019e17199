"""POST data for the builder pages, as the browser sends it."""

ROW_DEFAULTS = {
    "series": "",
    "exercise": "",
    "name": "",
    "sets": 3,
    "reps": 10,
    "hold_seconds": "",
    "times_per_day": 1,
    "every_day": "on",
    "side": "",
    "rest_seconds": 0,
    "note": "",
}


def rows_data(rows) -> dict:
    data = {
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 30,
    }
    for index, row in enumerate(rows):
        for name, value in (ROW_DEFAULTS | row).items():
            if value is not None:
                data[f"items-{index}-{name}"] = value
    return data


def program_data(*, rows, action="save", **fields) -> dict:
    header = {
        "title": "Heel pain",
        "condition": "",
        "start_date": "",
        "end_date": "",
        "status": "active",
        "pain_limit": 5,
        "version": "",
    }
    return header | fields | rows_data(rows) | {"action": action}


def rows_of(program) -> list[dict]:
    """The rows the edit page would show for a program's current items."""
    return [
        {
            "series": str(item.series),
            "exercise": item.exercise_id or "",
            "name": item.name,
            "sets": item.sets,
            "reps": item.reps or "",
            "hold_seconds": item.hold_seconds or "",
        }
        for item in program.prescriptions.filter(valid_until__isnull=True).order_by("order")
    ]


def edit_data(program, *, rows=None, **fields) -> dict:
    header = {
        "title": program.title,
        "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat() if program.end_date else "",
        "status": program.status,
        "pain_limit": program.pain_limit,
        "version": program.version,
        "condition": program.condition_id or "",
    }
    return program_data(rows=rows_of(program) if rows is None else rows, **(header | fields))
