"""The one rule for comparing e-mail addresses (accounts.addresses.normalise)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.addresses import MAX_LENGTH, normalise


@pytest.mark.parametrize(
    ("typed", "compared"),
    [
        ("ALICE@Northside.Example", "alice@northside.example"),
        ("  alice@northside.example\t", "alice@northside.example"),
        ("ａｌｉｃｅ@ｎｏｒｔｈｓｉｄｅ.example", "alice@northside.example"),  # full-width
        ("rene\u0301@cafe\u0301.example", "ren\u00e9@caf\u00e9.example"),  # combining accent
        ("REN\u00c9@CAF\u00c9.EXAMPLE", "ren\u00e9@caf\u00e9.example"),
        ("\u212aim@x.example", "kim@x.example"),  # the Kelvin sign is a K
        ("\u017fam@x.example", "sam@x.example"),  # the long s is an s
        ("\u3000bob@x.example\u3000", "bob@x.example"),  # ideographic spaces around it
    ],
)
def test_it_maps_each_spelling_of_an_address_to_one_form(typed, compared):
    assert normalise(typed) == compared


@pytest.mark.parametrize(
    ("typed", "compared"),
    [
        # Dotless ı is a letter of its own (Turkish): not an i, so not alice's address.
        ("al\u0131ce@northside.example", "al\u0131ce@northside.example"),
        ("AL\u0131CE@northside.example", "al\u0131ce@northside.example"),
        # Capital İ (dotted) folds to i + a combining dot above: not alice either.
        ("AL\u0130CE@northside.example", "ali\u0307ce@northside.example"),
    ],
)
def test_turkish_is_are_other_letters(typed, compared):
    assert normalise(typed) == compared
    assert normalise(typed) != "alice@northside.example"


def test_an_ascii_address_is_just_lower_cased():
    assert normalise("Bob.O'Neil+Heel@Patients.Example") == "bob.o'neil+heel@patients.example"


def test_the_normalised_form_may_be_longer_than_what_was_typed():
    # NFKC writes the ligature ﷺ (U+FDFA) out as 18 letters: length is checked afterwards.
    assert len(normalise("\ufdfa" * 15)) > MAX_LENGTH


@given(st.text(max_size=60))
def test_it_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(max_size=60))
def test_its_result_is_in_nfkc(text):
    once = normalise(text)
    assert unicodedata.normalize("NFKC", once) == once


@given(st.from_regex(r"[A-Za-z0-9.+_-]{1,20}@[A-Za-z0-9.-]{1,20}", fullmatch=True))
def test_an_ascii_address_in_any_case_is_one_address(address):
    assert normalise(address.upper()) == normalise(address.lower()) == address.lower()
