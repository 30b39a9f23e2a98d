"""Records for the feed tests, made through the services like real data."""

import datetime

from ipcoord.cases.models import Case
from ipcoord.cases.services.cases import case_file
from ipcoord.core.models import User

FILED = datetime.date(2024, 3, 1)


def file_case(actor: User, number: str, *, sealed: bool = False) -> Case:
    return case_file(
        actor=actor,
        number=number,
        cause="patent_infringement",
        filing_date=FILED,
        sealed=sealed,
    )


def case_ids(items: list[dict]) -> set[int]:
    return {int(i["object_id"]) for i in items if i["object_type"] == "cases.case"}
