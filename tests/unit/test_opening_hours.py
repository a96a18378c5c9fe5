"""Opening hours of the helpdesk, read in Europe/Amsterdam."""

import datetime as dt

import pytest

from bot.handover.opening_hours import OpeningHours, OpeningHoursError

UTC = dt.timezone.utc


def test_a_weekday_morning_is_open_by_default():
    hours = OpeningHours.parse()
    assert hours.is_open(dt.datetime(2026, 11, 30, 9, 30, tzinfo=UTC))  # Monday 10:30 in Amsterdam


def test_the_evening_and_the_weekend_are_closed():
    hours = OpeningHours.parse()
    assert not hours.is_open(dt.datetime(2026, 11, 30, 17, 0, tzinfo=UTC))  # 18:00 in Amsterdam
    assert not hours.is_open(dt.datetime(2026, 11, 29, 11, 0, tzinfo=UTC))  # Sunday


def test_summer_time_is_taken_into_account():
    hours = OpeningHours.parse()
    assert hours.is_open(dt.datetime(2026, 7, 6, 7, 30, tzinfo=UTC))  # Monday 9:30 in Amsterdam (UTC+2)


def test_a_holiday_is_closed():
    hours = OpeningHours.parse(holidays="2026-12-25")
    assert not hours.is_open(dt.datetime(2026, 12, 25, 10, 0, tzinfo=UTC))


def test_several_blocks_and_a_description_in_dutch():
    hours = OpeningHours.parse("ma-do 09:00-17:00; vr 09:00-12:00")
    assert not hours.is_open(dt.datetime(2026, 12, 4, 12, 30, tzinfo=UTC))  # Friday 13:30
    assert hours.describe() == "maandag tot en met donderdag van 9:00 tot 17:00 en vrijdag van 9:00 tot 12:00"


@pytest.mark.parametrize("setting", ["elke dag", "ma-vr 17:00-09:00", "vr-ma 09:00-17:00"])
def test_a_setting_that_cannot_be_read_says_what_is_expected(setting):
    with pytest.raises(OpeningHoursError, match="HELPDESK_HOURS"):
        OpeningHours.parse(setting)
