"""The instruments as data: their published structure, and their scoring checked against the
scoring rules their own publications and forms give (cited per test). Only the SPADI's form
prints a worked example (divide by 120 when one item is missed); the others give the rule,
and the examples here are ours, worked by hand from it."""

from decimal import Decimal

import pytest

from programs.outcomes import instruments
from programs.outcomes.instruments import Unscorable

LEFS = instruments.get("LEFS")
FAAM = instruments.get("FAAM_ADL")
PSFS = instruments.get("PSFS")
SPADI = instruments.get("SPADI")


def answers(instrument, values) -> dict:
    """{item code: value}, the items in order."""
    return {item.code: value for item, value in zip(instrument.items, values, strict=False)}


def test_every_instrument_says_where_it_comes_from_and_under_which_terms():
    for instrument in instruments.all_instruments().values():
        assert instrument.source and instrument.licence and instrument.mcid_source
        assert instrument.mcid > 0
        assert "free" in instrument.licence.lower(), "only instruments free to use ship"
        assert all(item.options for item in instrument.items)


def test_the_psfs_comes_first_and_the_regions_pick_the_rest():
    assert [i.code for i in instruments.for_region("foot_ankle")] == ["PSFS", "LEFS", "FAAM_ADL"]
    assert [i.code for i in instruments.for_region("knee")] == ["PSFS", "LEFS"]
    assert [i.code for i in instruments.for_region("shoulder")] == ["PSFS", "SPADI"]
    assert [i.code for i in instruments.for_region("lumbar")] == ["PSFS"]
    assert [i.code for i in instruments.for_region(None)] == ["PSFS"]


def test_an_unknown_code_is_a_key_error():
    with pytest.raises(KeyError):
        instruments.get("ODI")


def test_the_lefs_has_its_published_twenty_items_scored_0_to_4():
    """Binkley et al. 1999 (Phys Ther 79:371), appendix: 20 activities, each 0 "extreme
    difficulty or unable to perform activity" to 4 "no difficulty", total 0 to 80."""
    assert len(LEFS.items) == 20
    assert LEFS.items[0].text == "Any of your usual work, housework, or school activities."
    assert LEFS.items[19].text == "Rolling over in bed."
    assert [o.value for o in LEFS.items[0].options] == [0, 1, 2, 3, 4]
    assert LEFS.items[0].options[0].label == "Extreme difficulty or unable to perform activity"
    assert (LEFS.min_score, LEFS.max_score, LEFS.mcid) == (0, 80, 9)
    assert [len(page) for page in LEFS.pages()] == [4, 4, 4, 4, 4]


def test_the_lefs_total_is_the_sum_of_its_items():
    """Binkley et al. 1999: the score is the sum of the 20 item scores, 0 (extreme
    limitation) to 80 (none). All "no difficulty" is 80, all "extreme difficulty" 0 (the
    scale's ends); ten items at 3 and ten at 2 score 50 (our example)."""
    assert LEFS.score(answers(LEFS, [4] * 20)) == 80
    assert LEFS.score(answers(LEFS, [0] * 20)) == 0
    assert LEFS.score(answers(LEFS, [3] * 10 + [2] * 10)) == 50


def test_the_lefs_prorates_up_to_four_missing_items_and_refuses_more():
    """Up to 4 blank items (a fifth of the scale) are prorated: the sum of the answered ones
    times 20 over the number answered. Sixteen items at 3 score 60, as twenty would."""
    sixteen = answers(LEFS, [3] * 16)
    assert LEFS.score(sixteen) == 60
    assert LEFS.score(sixteen | {"17": None}) == 60  # "not answered" stored as None
    with pytest.raises(Unscorable, match="at least 16 of the 20"):
        LEFS.score(answers(LEFS, [3] * 15))


def test_the_faam_adl_has_its_21_published_items():
    """Martin et al. 2005 (Foot Ankle Int 26:968): the ADL subscale's 21 items, 4 "no
    difficulty at all" to 0 "unable to do", and "N/A" when something else limits."""
    assert len(FAAM.items) == 21
    assert [i.text for i in FAAM.items[:3]] == [
        "Standing",
        "Walking on even ground",
        "Walking on even ground without shoes",
    ]
    assert FAAM.items[-1].text == "Recreational activities"
    assert [o.value for o in FAAM.items[0].options] == [4, 3, 2, 1, 0]
    assert FAAM.not_applicable


def test_the_faam_adl_is_a_percentage_of_the_points_possible_for_the_items_answered():
    """Martin et al. 2005 and the FAAM's scoring instructions: the item scores' total over the
    highest possible score (84 with all 21 answered, 4 less for each N/A) times 100. So all
    21 at 3 (63/84) and 20 at 3 with one N/A (60/80) both score 75% (our examples)."""
    assert FAAM.score(answers(FAAM, [3] * 21)) == Decimal("75.0")
    assert FAAM.score(answers(FAAM, [3] * 20) | {"21": None}) == Decimal("75.0")
    assert FAAM.score(answers(FAAM, [4] * 21)) == 100
    assert FAAM.score(answers(FAAM, [4] * 10 + [2] * 11)) == Decimal("73.8")  # 62/84


def test_the_faam_adl_needs_nineteen_items_answered():
    """Martin et al. 2005: score a subscale only with at least 90% of its items answered
    (19 of 21 for the ADL); N/A counts as not answered."""
    assert FAAM.score(answers(FAAM, [2] * 19)) == 50
    with pytest.raises(Unscorable, match="at least 19 of the 21"):
        FAAM.score(answers(FAAM, [2] * 18) | {"19": None, "20": None, "21": None})


def test_the_psfs_is_the_mean_of_the_activities_rated():
    """Stratford et al. 1995 (Physiother Can 47:258), as printed on the PSFS form: total
    score = sum of the activity scores / number of activities. Three activities rated 3, 5
    and 6 score 4.7 (14 / 3, our example)."""
    assert PSFS.score({"activity_1": 3, "activity_2": 5, "activity_3": 6}) == Decimal("4.7")
    assert PSFS.score({"activity_1": 0}) == 0
    with pytest.raises(Unscorable, match="at least one"):
        PSFS.score({})
    assert PSFS.mcid == 2  # the average score's minimal detectable change, 90% confidence


def test_the_spadi_divides_by_the_points_possible_for_the_items_answered():
    """Roach et al. 1991 (Arthritis Care Res 4:143), the index's scoring note: the total over
    130 times 100; "if a person does not answer all questions divide by the total possible
    score, e.g. if 1 question missed divide by 120". All 13 at 5: 65/130 = 50%; 12 at 5 with
    one missed: 60/120 = 50%. Higher is worse."""
    assert SPADI.score(answers(SPADI, [5] * 13)) == 50
    assert SPADI.score(answers(SPADI, [5] * 12)) == 50
    assert SPADI.score(answers(SPADI, [10] * 5 + [0] * 8)) == Decimal("38.5")  # 50/130
    assert not SPADI.higher_is_better
    assert SPADI.improvement(Decimal(-15)) == 15
    with pytest.raises(Unscorable, match="at least 11 of the 13"):
        SPADI.score(answers(SPADI, [5] * 10))


def test_the_spadi_asks_its_two_scales_on_separate_pages():
    stems = [{item.stem for item in page} for page in SPADI.pages()]
    assert all(len(page_stems) == 1 for page_stems in stems)
    assert stems[0] == {"How severe is your pain?"}
    assert stems[-1] == {"How much difficulty do you have?"}
