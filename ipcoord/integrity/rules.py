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


# --- Patents (order 77) and litigation --------------------------------------------------------
# INTEGRITY_PATENT_DUP = Jaccard of title + abstract 3-grams at or above which two applications
#     are near-duplicates. Default 0.6 (the engine's DEFAULT_THRESHOLD). Claims are not in the
#     register, so two applications with the same title and abstract but different claims
#     pair up: the officer compares the claims.
# INTEGRITY_PATENT_SAME_DAY = applications on one day by one applicant. Default 20.
# INTEGRITY_PATENT_SCALE = (per staff, floor, fields, small): an applicant whose R&D staff is
#     known (Party.rd_staff) filing in one year more than max(floor, per staff × staff)
#     applications, or, with at most `small` R&D staff, across more than `fields` IPC
#     subclasses. Default (2.0, 20, 5, 10) — practice, to be checked: order 77 names "filings
#     out of line with the applicant's R&D capacity" without a number.
# INTEGRITY_PATENT_TRANSFERS = (transfers, days): a right transferred that often inside that
#     window with no licence recorded in between. Default (3, 365). Only licences count as use:
#     the register has no record of implementation or products.
# INTEGRITY_MASS_SUITS = (defendants, days, settled share): a plaintiff suing at least that
#     many distinct defendants on one right inside that window, of which at least that share
#     of the suits ended by withdrawal or mediation. Default (5, 180, 0.5). Caveat: a right
#     holder enforcing against many real infringers looks the same; the officer decides.


def patent_dup() -> float:
    return float(getattr(settings, "INTEGRITY_PATENT_DUP", 0.6))


def patent_same_day() -> int:
    return int(getattr(settings, "INTEGRITY_PATENT_SAME_DAY", 20))


def patent_scale() -> tuple[float, int, int, int]:
    per_staff, floor, fields, small = getattr(settings, "INTEGRITY_PATENT_SCALE", (2.0, 20, 5, 10))
    return float(per_staff), int(floor), int(fields), int(small)


def patent_transfers() -> tuple[int, int]:
    count, days = getattr(settings, "INTEGRITY_PATENT_TRANSFERS", (3, 365))
    return int(count), int(days)


def mass_suits() -> tuple[int, int, float]:
    count, days, share = getattr(settings, "INTEGRITY_MASS_SUITS", (5, 180, 0.5))
    return int(count), int(days), float(share)
