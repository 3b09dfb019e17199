"""Every CSV download: streamed row by row, each cell defused against formula injection.

A spreadsheet runs a cell whose text begins with `=`, `+`, `-` or `@` as a formula (and
tab or carriage return can hide such a start), so a patient who names themselves
`=HYPERLINK("http://x")` or writes it in a note would plant a live link in the
clinician's workbook. Following OWASP's CSV injection guidance, such a cell gets a leading
`'`, which spreadsheets read as "this is text".
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Real numbers are our own arithmetic, never someone's text: `-3` is read as the number
# -3, not a formula, and a `'` would turn it into text that a spreadsheet cannot sum.
NUMBERS = (int, float, Decimal)


def defuse(value):
    """`value` as a spreadsheet may safely show it: None and numbers as they are, any other
    value as text, with a `'` in front when it would start a formula."""
    if value is None or isinstance(value, NUMBERS):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can stream."""

    def write(self, value):
        return value


def streaming_csv(*, header: list[str], rows: Iterable, filename: str) -> StreamingHttpResponse:
    """A download of `header` then `rows`, written as they are read (never all in memory)."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([defuse(cell) for cell in row]) for row in _with_header(header, rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _with_header(header, rows):
    yield header
    yield from rows
