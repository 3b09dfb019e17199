"""The shared CSV writer: which cells it defuses, and the download it streams."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils.functional import lazy

from config.csv_export import defuse, streaming_csv


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1)",
        "\t=1+1",
        "\r=1+1",
        "=",
    ],
)
def test_it_defuses_every_formula_start(text):
    assert defuse(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["", "Better, thanks", "a = b", "x@example.test", "'quoted already", "2026-03-01", " =1"],
)
def test_it_leaves_ordinary_text_alone(value):
    assert defuse(value) == value


@pytest.mark.parametrize("value", [None, 0, 7, -3, -2.5, Decimal("-1.25"), True])
def test_it_leaves_none_and_real_numbers_alone(value):
    assert defuse(value) is value


def test_it_defuses_text_that_is_not_a_str_yet():
    label = lazy(lambda: "=1+1", str)()
    assert defuse(label) == "'=1+1"
    assert defuse(datetime.date(2026, 3, 1)) == "2026-03-01"


def test_it_streams_a_defused_download():
    rows = iter([['=HYPERLINK("http://x")', -3, None], ["plain", 1.5, "@SUM(1)"]])
    response = streaming_csv(header=["name", "delta", "note"], rows=rows, filename="x.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = b"".join(response.streaming_content)
    assert not body.startswith(b"\xef\xbb\xbf")  # no byte-order mark, as before
    assert list(csv.reader(io.StringIO(body.decode()))) == [
        ["name", "delta", "note"],
        ['\'=HYPERLINK("http://x")', "-3", ""],
        ["plain", "1.5", "'@SUM(1)"],
    ]
