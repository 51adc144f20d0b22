"""English as it is written in Europe: the day before the month and the 24-hour clock.

Django's "en" formats are American ("01/30/2027", "10 a.m."), which reads wrongly to most of
the region's English readers ("01/02" is the 1st of February here). Formats not set here, and
the input formats, stay Django's.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
