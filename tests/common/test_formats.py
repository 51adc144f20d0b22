"""English dates and times read the European way; other languages keep their own formats."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format, get_format, time_format

pytestmark = pytest.mark.unit

DAY = dt.date(2027, 1, 30)


def test_english_dates_put_the_day_first_and_times_use_the_24_hour_clock():
    with translation.override("en"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "30/01/2027"
        assert date_format(DAY) == "30 January 2027"
        assert time_format(dt.time(14, 30)) == "14:30"
        assert get_format("FIRST_DAY_OF_WEEK") == 1


def test_other_languages_keep_their_own_formats():
    with translation.override("de"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "30.01.2027"
    with translation.override("pl"):
        assert date_format(DAY) == "30 stycznia 2027"
