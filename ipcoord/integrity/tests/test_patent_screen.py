"""Abnormal patent applications over the register: hand-built twins, same-day filings,
transfers; re-runs add nothing; only IP officers screen; the page, the panel and the CLI."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import RequestFactory

from ipcoord.core.exceptions import PermissionDenied
from ipcoord.integrity import services
from ipcoord.integrity.models import Finding, RunStatus, ScreeningRun
from ipcoord.integrity.tests.factories import PartyFactory, counts
from ipcoord.registry import services as registry
from ipcoord.registry.tests.factories import PatentFactory

ABSTRACT = (
    "本发明公开了一种锂离子电池极片的辊压装置，包括机架、上压辊、下压辊和温控单元，"
    "温控单元通过导热油循环使压辊表面温度保持在设定范围内，从而使极片压实密度均匀，"
    "减少极片边缘开裂和褶皱，提高电池的一致性和循环寿命。"
)
DAY = datetime.date(2023, 3, 5)


def screen(actor, capture) -> ScreeningRun:
    with capture(execute=True):
        run = services.patent_register_screen(actor=actor)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    return run


def twins():
    a = PatentFactory(title="一种锂电池极片辊压装置", abstract=ABSTRACT, filing_date=DAY)
    # The same text with one clause reworded: most 3-grams survive.
    b = PatentFactory(
        title="一种锂电池极片辊压装置",
        abstract=ABSTRACT.replace("减少极片边缘开裂和褶皱", "降低极片边缘的开裂"),
        filing_date=DAY + datetime.timedelta(days=10),
    )
    c = PatentFactory(
        title="一种茶叶揉捻机",
        abstract="本实用新型涉及茶叶加工设备，揉捻桶在电机驱动下做偏心回转运动，"
        "揉盘上设有棱骨，使茶条紧结，适合名优绿茶的揉捻。",
        filing_date=DAY,
    )
    return a, b, c


def test_a_twin_pair_is_found_and_an_unrelated_patent_is_not(
    world, django_capture_on_commit_callbacks
):
    a, b, c = twins()
    run = screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    dup = Finding.objects.filter(kind="abnormal_patent", rule="order77_1")
    assert dup.count() == 1
    lead = dup.get()
    assert lead.patent == b and lead.matched_ref == a.application_number  # on the later one
    assert lead.legal_basis == "《规范申请专利行为的规定》第三条第（一）项"
    assert lead.evidence["twin"] == a.application_number and lead.evidence["overlap"] >= 0.6
    assert a.application_number in lead.reasons[0] and "%" in lead.reasons[0]
    assert lead.run == run and lead.owner_org == world.cnipa
    assert not Finding.objects.filter(patent=c).exists()


def test_a_rerun_adds_no_duplicates(world, django_capture_on_commit_callbacks):
    twins()
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    before = Finding.objects.count()
    again = screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    assert Finding.objects.count() == before and again.finding_count == 0
    assert again.hit_count >= 1


def _filings(n: int, party) -> None:
    for i in range(n):
        PatentFactory(
            title=f"第{i}号结构{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i * 7919}",
            owners=[party],
            filing_date=DAY,
        )


def test_twenty_same_day_filings_raise_a_lead_and_three_do_not(
    world, django_capture_on_commit_callbacks
):
    mass, few = PartyFactory(name="批量申请公司"), PartyFactory(name="普通公司")
    _filings(20, mass)
    _filings(3, few)
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    same_day = Finding.objects.filter(rule="order77_3_same_day")
    assert list(same_day.values_list("party__name", flat=True)) == ["批量申请公司"]
    lead = same_day.get()
    assert lead.evidence["count"] == 20 and lead.evidence["date"] == "2023-03-05"
    assert lead.legal_basis.endswith("第（三）项") and "20" in lead.reasons[0]


def test_filings_split_across_parties_at_one_address_raise_one_lead(
    world, django_capture_on_commit_callbacks
):
    first = PartyFactory(name="拆分甲公司", address="杭州市西湖区某路 1 号")
    second = PartyFactory(name="拆分乙公司", address="杭州市西湖区某路1号")
    apart = PartyFactory(name="别处公司", address="宁波市某路2号")
    for k, (party, n) in enumerate(((first, 12), (second, 9), (apart, 15))):
        for i in range(n):
            PatentFactory(title=f"拆分{k}-{i}号装置{i * 7919 + k}", owners=[party], filing_date=DAY)
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    lead = Finding.objects.get(rule="order77_6_split")
    assert lead.party == first and lead.legal_basis.endswith("第（六）项")
    assert lead.evidence["by_applicant"] == {"拆分甲公司": 12, "拆分乙公司": 9}
    assert lead.evidence["parties"] == [first.pk, second.pk] and lead.evidence["count"] == 21
    assert "合计 21 件（阈值 20 件）" in lead.reasons[0]
    assert "拆分乙公司 当日提交 9 件" in lead.reasons
    assert not Finding.objects.filter(rule="order77_3_same_day").exists()  # none alone


def test_frequent_transfers_without_licence_raise_a_lead(world, django_capture_on_commit_callbacks):
    moved = PatentFactory(title="一种折叠椅", abstract="椅面可翻折")
    for k in range(3):
        registry.right_transfer(
            actor=None,
            right=moved,
            date=datetime.date(2024, 1 + 3 * k, 1),
            assignee=PartyFactory(),
        )
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    lead = Finding.objects.get(rule="order77_7_transfers")
    assert lead.patent == moved and lead.evidence["count"] == 3
    assert lead.legal_basis.endswith("第（七）项")


def test_a_judge_cannot_run_the_patent_screen(world):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.patent_register_screen(actor=world.bj_judge)
    assert counts() == before


def test_the_page_starts_a_run_and_lists_leads(world, client, django_capture_on_commit_callbacks):
    twins()
    client.force_login(world.cnipa_officer)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/integrity/patents/")
    assert resp.status_code == 302
    page = client.get("/integrity/patents/")
    assert page.status_code == 200 and "第三条第（一）项" in page.content.decode()
    client.force_login(world.bj_judge)
    assert client.get("/integrity/patents/").status_code == 404


def test_the_patent_panel_shows_leads_to_the_office_only(world, django_capture_on_commit_callbacks):
    _a, b, _c = twins()
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    tpl = Template("{% load integrity %}{% integrity_patent_panel patent %}")
    for user, seen in ((world.cnipa_officer, True), (world.bj_judge, False)):
        request = RequestFactory().get("/")
        request.user = user
        html = tpl.render(Context({"request": request, "patent": b}))
        assert ("第三条第（一）项" in html) is seen


def test_the_cli_subcommand_screens_patents(world, capsys):
    twins()
    call_command("screen", "patents", "--as", world.cnipa_officer.username, "--now")
    out = capsys.readouterr().out
    assert "done" in out and Finding.objects.filter(rule="order77_1").count() == 1
    with pytest.raises(CommandError):
        call_command("screen", "patents", "--as", world.bj_judge.username)
