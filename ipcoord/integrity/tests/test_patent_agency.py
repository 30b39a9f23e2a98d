"""Order 77 item 8: an agency filing many applications on one day is a lead (no party)."""

import datetime

from ipcoord.integrity.models import Finding
from ipcoord.integrity.tests.factories import PartyFactory
from ipcoord.integrity.tests.test_patent_screen import screen
from ipcoord.registry.tests.factories import PatentFactory

DAY = datetime.date(2023, 3, 5)
BUSY = "杭州钱塘知识产权代理有限公司"


def _file(n: int, agency: str, day: datetime.date = DAY) -> None:
    for i in range(n):
        PatentFactory(
            title=f"代理{agency[:2]}{i}号装置{i * 7919}",
            owners=[PartyFactory()],
            filing_date=day,
            agency=f" {agency} ",
        )


def test_twenty_same_day_filings_by_one_agency_raise_a_lead(
    world, django_capture_on_commit_callbacks
):
    _file(20, BUSY)  # twenty applicants, none of them busy, one busy agency
    _file(19, "北京信远知识产权代理有限公司")
    _file(5, BUSY, DAY + datetime.timedelta(days=1))
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    lead = Finding.objects.get(rule="order77_8_agency_same_day")
    assert lead.party is None and lead.legal_basis.endswith("第（八）项")
    assert lead.evidence["agency"] == BUSY and lead.evidence["count"] == 20
    assert lead.evidence["date"] == "2023-03-05" and len(lead.evidence["applications"]) == 20
    assert f"代理机构{BUSY}于 2023-03-05 同日代理提交专利申请 20 件（阈值 20 件）" in lead.reasons
    assert not Finding.objects.filter(rule="order77_3_same_day").exists()
