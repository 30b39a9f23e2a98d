"""Thresholds of the integrity signals, with documented defaults; override in settings.

INTEGRITY_MASS_FILING = (applications, days): an applicant with at least that many trademark
    applications inside any window of that many days is a mass filer. Default (20, 30).
INTEGRITY_RESEMBLING_MARKS: how many of an applicant's marks must resemble other owners'
    marks before the pattern is a signal. Default 3. One hit on a well-known mark counts alone.
INTEGRITY_REGISTER_HITS: register hits kept per screened mark. Default 50.
INTEGRITY_BATCH_MAX_ROWS: rows one batch file may hold. Default 10,000.

Caveat: these are practice guesses to rank leads, not legal thresholds; a person decides.
"""

from django.conf import settings


def mass_filing() -> tuple[int, int]:
    count, days = getattr(settings, "INTEGRITY_MASS_FILING", (20, 30))
    return int(count), int(days)


def resembling_marks() -> int:
    return int(getattr(settings, "INTEGRITY_RESEMBLING_MARKS", 3))


def register_hits() -> int:
    return int(getattr(settings, "INTEGRITY_REGISTER_HITS", 50))


def batch_max_rows() -> int:
    return int(getattr(settings, "INTEGRITY_BATCH_MAX_ROWS", 10_000))
