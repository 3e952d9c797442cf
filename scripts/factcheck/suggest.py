"""What an editor probably meant by a date or a web address written in another common form.

Each function returns the end of an error message: `; did you mean …?`, or why there is no
single guess, or nothing. Every pattern here reads its text in one pass (no two parts can match
the same characters), so a hostile value cannot make a suggestion slow.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
# Longer text is not a date in any form.
_LONGEST_DATE = 40
_ORDINAL = r"(?:st|nd|rd|th)?"
# 31 March 2014, 31st Mar. 2014, 31 March, 2014
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_ORDINAL}\s+([A-Za-z]+)\.?,?\s+(\d{{4}})")
# March 31, 2014, Mar 31st 2014
_MONTH_DAY_YEAR = re.compile(rf"([A-Za-z]+)\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})")
# 2014/03/31, 2014.03.31: a year first is always followed by the month
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
# 31/03/2014, 03/31/2014, 31.03.2014: the day comes first in most of the world, not in the US
_NUMBERS_THEN_YEAR = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def date_suggestion(text: str) -> str:
    """`; did you mean 2014-03-31?` for `31 March 2014`, `March 31, 2014` or `2014/03/31`;
    for `03/04/2014`, which could be either day first or month first, the two readings."""
    text = text.strip()
    if len(text) > _LONGEST_DATE:
        return ""
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.group(1), _MONTHS.get(match.group(2).lower()), match.group(3)
        return _did_you_mean(year, month, day)
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = _MONTHS.get(match.group(1).lower()), match.group(2), match.group(3)
        return _did_you_mean(year, month, day)
    if match := _YEAR_MONTH_DAY.fullmatch(text):
        return _did_you_mean(match.group(1), int(match.group(2)), match.group(3))
    if match := _NUMBERS_THEN_YEAR.fullmatch(text):
        return _numeric_suggestion(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return ""


def _did_you_mean(year: str, month: int | None, day: str) -> str:
    found = _real_date(int(year), month or 0, int(day))
    return f"; did you mean {found.isoformat()}?" if found else ""


def _numeric_suggestion(first: int, second: int, year: int) -> str:
    day_first = _real_date(year, second, first)
    month_first = _real_date(year, first, second)
    if day_first and month_first and day_first != month_first:
        return (
            f"; it could be {_long(day_first)} or {_long(month_first)}, so write the one you "
            f"mean: {day_first.isoformat()} or {month_first.isoformat()}"
        )
    found = day_first or month_first
    return f"; did you mean {found.isoformat()}?" if found else ""


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _long(day: dt.date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


# A host name, then perhaps a port and a path: `cis.org/report`, `www.ice.gov`, `//cis.org/x`.
_ADDRESS_WITHOUT_SCHEME = re.compile(r"(//)?([A-Za-z0-9.-]+)(?::\d+)?(?:[/?#]\S*)?")


def url_suggestion(text: str) -> str:
    """`; did you mean 'https://cis.org/report'?` for `cis.org/report` or `//cis.org/report`."""
    text = text.strip()
    match = _ADDRESS_WITHOUT_SCHEME.fullmatch(text)
    if match is None or not _is_host_name(match.group(2)):
        return ""
    return f"; did you mean {'https:' + text if match.group(1) else 'https://' + text!r}?"


def _is_host_name(host: str) -> bool:
    """Looks like a registered name: labels joined by dots, ending in letters (`org`, `gov`)."""
    labels = host.split(".")
    return len(labels) > 1 and all(labels) and labels[-1].isalpha() and len(labels[-1]) > 1
