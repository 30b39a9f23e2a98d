"""Near-duplicates read the claims too: the same claims under new titles are found."""

import datetime

from ipcoord.integrity.models import Finding
from ipcoord.integrity.tests.test_patent_screen import screen
from ipcoord.registry.tests.factories import PatentFactory

DAY = datetime.date(2023, 3, 5)
CLAIMS = (
    "1. 一种电池包热管理系统，其特征在于，包括：液冷板，设置于电芯模组底部，内部设有蛇形流道；"
    "温度传感器，贴附于电芯表面；控制器，根据所述温度传感器的读数调节冷却液泵的转速。\n"
    "2. 根据权利要求1所述的电池包热管理系统，其特征在于，所述蛇形流道的截面为矩形，"
    "宽度沿冷却液流动方向逐渐增大。\n"
    "3. 根据权利要求2所述的电池包热管理系统，其特征在于，所述控制器在电芯温差超过5摄氏度时"
    "提高所述冷却液泵的转速，并在温差低于2摄氏度时降低转速。"
)


def test_the_same_claims_under_another_title_are_a_lead_naming_the_claims(
    world, django_capture_on_commit_callbacks
):
    first = PatentFactory(
        title="电池包热管理系统", abstract="涉及电动汽车。", claims=CLAIMS, filing_date=DAY
    )
    second = PatentFactory(
        title="一种车用储能装置的冷却结构",
        abstract="用于储能。",
        claims=CLAIMS.replace("5摄氏度", "6摄氏度"),
        filing_date=DAY + datetime.timedelta(days=30),
    )
    PatentFactory(
        title="一种茶叶揉捻机",
        abstract="茶叶加工设备。",
        claims="1. 一种茶叶揉捻机。",
        filing_date=DAY,
    )
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    lead = Finding.objects.get(rule="order77_1")
    assert lead.patent == second and lead.matched_ref == first.application_number
    assert "名称、摘要和权利要求文字重合" in lead.reasons[0]
    assert second.claims.startswith("1. 一种电池包热管理系统")
