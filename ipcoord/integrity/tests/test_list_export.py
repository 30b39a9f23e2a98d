"""Export what I see on the findings, the courts' notices and the dishonesty list: every page
of the filtered list, only what the user may see, and no formula reaches Excel from a CSV."""

import pytest
from django.urls import reverse

from ipcoord.cases.tests.factories import CaseFactory
from ipcoord.integrity import services
from ipcoord.integrity.credit_rules import ListKind
from ipcoord.integrity.models import Finding, FindingKind, FindingStatus
from ipcoord.integrity.tests.court_helpers import DECIDED, DOCUMENT, Suit, file_notice, suit
from ipcoord.integrity.tests.credit_helpers import listed_at, proposed
from ipcoord.integrity.tests.factories import PartyFactory, kangshifu
from ipcoord.registry.tests.factories import PatentFactory
from ipcoord.testing.exports import FORMATS, column, download, listed, small_pages  # noqa: F401

FINDINGS = reverse("integrity:finding_list")
NOTICES = reverse("integrity:court_notice_list")
CREDIT = reverse("integrity:credit_list")
FORMULA = '=HYPERLINK("http://example.com","点击")'

pytestmark = pytest.mark.usefixtures("small_pages")


def _screen(world, text: str, actor=None, applicant=None) -> list[Finding]:
    """The leads one recorded screening makes (a protected-sign and a similarity lead)."""
    run = services.mark_screen(
        actor=actor or world.cnipa_officer,
        text=text,
        classes=[30],
        applicant=applicant,
        record=True,
    )
    return list(run.recorded)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_office_exports_its_findings_and_those_of_the_offices_below(client, world, fmt):
    kangshifu()
    applicant = PartyFactory(name="某某食品有限公司")
    national = _screen(world, "康帅傅", applicant=applicant) + _screen(world, "康师付")
    provincial = _screen(world, "康帅博", actor=world.zj_officer)
    confirmed = next(f for f in national if f.kind == FindingKind.TRADEMARK_SIMILARITY)
    services.finding_confirm(actor=world.cnipa_officer, finding=confirmed, reason="恶意")
    client.force_login(world.cnipa_officer)
    table = download(client, FINDINGS, fmt)
    assert table.header == ["编号", "类型", "对象", "命中", "评分", "状态", "甄别机关", "时间"]
    shown = listed(client, FINDINGS)
    assert len(shown) == 6  # three pages of two
    assert column(table) == [str(f.pk) for f in shown]
    assert set(column(table)) == {str(f.pk) for f in national + provincial}
    row = next(cells for _n, cells in table.rows if cells[0] == str(confirmed.pk))
    assert row[1:4] == [
        confirmed.get_kind_display(),
        "康帅傅 某某食品有限公司",
        "康师傅 " + (confirmed.matched_trademark.number),
    ]
    assert row[4:7] == [f"{confirmed.score:.2f}", FindingStatus.CONFIRMED.label, "国家知识产权局"]

    similar = download(client, FINDINGS, fmt, kind=FindingKind.TRADEMARK_SIMILARITY, status="lead")
    expected = [f for f in national + provincial if f.kind == FindingKind.TRADEMARK_SIMILARITY]
    assert set(column(similar)) == {str(f.pk) for f in expected if f != confirmed}
    client.force_login(world.zj_officer)  # its own leads and, as a reader, the confirmed one
    table = download(client, FINDINGS, fmt)
    assert column(table) == [str(f.pk) for f in listed(client, FINDINGS)]
    assert set(column(table)) == {str(f.pk) for f in [*provincial, confirmed]}
    client.force_login(world.bj_judge)  # a reader: the confirmed finding on a party only
    assert column(download(client, FINDINGS, fmt)) == [str(confirmed.pk)]
    client.force_login(world.outsider)
    assert download(client, FINDINGS, fmt).rows == []


def _suit(number: str, troll_name: str, *, sealed: bool = False) -> Suit:
    troll = PartyFactory(name=troll_name)
    defendant = PartyFactory(name="被诉制造有限公司")
    patent = PatentFactory()
    case = CaseFactory(
        number=number,
        parties=[(troll, "plaintiff"), (defendant, "defendant")],
        patents=[patent],
        sealed=sealed,
    )
    return Suit(case=case, troll=troll, defendant=defendant, patent=patent)


@pytest.fixture
def court_notices(world):
    beijing = [file_notice(world, suit(world, number=f"（2024）京73知民初{n}号")) for n in (1, 2)]
    beijing.append(file_notice(world, _suit("（2024）京73知民初3号", FORMULA)))
    sealed = file_notice(world, _suit("（2024）京73知民初4号", "保密公司", sealed=True))
    hangzhou = file_notice(world, _suit("（2024）浙01知民初5号", "杭州诉讼公司"), world.hz_clerk)
    return beijing, sealed, hangzhou


@pytest.mark.parametrize("fmt", FORMATS)
def test_court_notices_export_what_each_court_sees(client, world, court_notices, fmt):
    beijing, sealed, hangzhou = court_notices
    client.force_login(world.bj_clerk)
    table = download(client, NOTICES, fmt)
    assert table.header == [
        "编号",
        "当事人",
        "认定的恶意行为",
        "不公开",
        "法院",
        "案号",
        "裁判文书",
        "裁判日期",
    ]
    shown = listed(client, NOTICES)
    assert len(shown) == 5
    assert column(table) == [str(n.pk) for n in shown]
    assert set(column(table)) == {str(n.pk) for n in [*beijing, sealed, hangzhou]}
    row = next(cells for _n, cells in table.rows if cells[0] == str(beijing[0].pk))
    assert row[1:] == [
        "专利运营有限公司",
        "恶意诉讼",
        "否",
        "北京知识产权法院",
        "（2024）京73知民初1号",
        DOCUMENT,
        DECIDED.isoformat(),
    ]

    client.force_login(world.hz_clerk)  # another court: not the sealed notice
    table = download(client, NOTICES, fmt)
    assert set(column(table)) == {str(n.pk) for n in [*beijing, hangzhou]}
    client.force_login(world.outsider)
    assert download(client, NOTICES, fmt).rows == []


def test_a_formula_is_neutralised_in_csv_and_stays_text_in_xlsx(client, world, court_notices):
    beijing = court_notices[0]
    client.force_login(world.bj_clerk)
    pk = str(beijing[2].pk)
    csv_row = next(c for _n, c in download(client, NOTICES, "csv").rows if c[0] == pk)
    xlsx_row = next(c for _n, c in download(client, NOTICES, "xlsx").rows if c[0] == pk)
    assert csv_row[1] == "'" + FORMULA
    assert (
        xlsx_row[1] == FORMULA
    )  # read back: a text cell, not a formula (read_table refuses those)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_dishonesty_list_exports_proposals_to_their_office_only(client, world, fmt):
    mine = [proposed(world, party=PartyFactory(name=f"抢注商贸{n}有限公司")) for n in range(3)]
    public = listed_at(world, party=PartyFactory(name=FORMULA))
    client.force_login(world.cnipa_officer)
    table = download(client, CREDIT, fmt)
    assert table.header == ["编号", "当事人", "名单类型", "状态", "决定机关", "公示截止"]
    shown = listed(client, CREDIT)
    assert len(shown) == 4
    assert column(table) == [str(x.pk) for x in shown]
    assert set(column(table)) == {str(x.pk) for x in [*mine, public]}
    row = next(cells for _n, cells in table.rows if cells[0] == str(public.pk))
    name = "'" + FORMULA if fmt == "csv" else FORMULA
    assert row[1:4] == [name, ListKind.CNIPA.label, public.get_status_display()]
    assert row[5] == public.published_until.date().isoformat()
    first = next(cells for _n, cells in table.rows if cells[0] == str(mine[0].pk))
    assert first[5] == ""

    proposals = download(client, CREDIT, fmt, status="proposed")
    assert set(column(proposals)) == {str(x.pk) for x in mine}
    for user in (world.zj_officer, world.outsider):  # the decided listing was public
        client.force_login(user)
        assert column(download(client, CREDIT, fmt)) == [str(public.pk)]
