"""Export what I see on the notices list (a list export: for reading, formulas neutralised in
CSV), next to the register export, which must keep every cell as it is for the round trip."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ipcoord.core.list_export import neutralise_formula
from ipcoord.exchange.formats import read_table
from ipcoord.exchange.notices import notice_post
from ipcoord.registry import services as rs
from ipcoord.registry.models import PartyKind
from ipcoord.testing.exports import FORMATS, column, download, listed, small_pages  # noqa: F401

NOTICES = reverse("exchange:notices")
TITLES = ["=1+2", "+86 10 1234", "@SUM(A1)", "-cmd", "-5 度以下", "新型恶意抢注手法"]


@pytest.fixture
def notices(world):
    """CNIPA's notices to the Beijing IP court (titles a spreadsheet could take for formulas),
    and one between Zhejiang offices that Beijing must not see."""
    sent = [
        notice_post(
            actor=world.cnipa_officer,
            organisation=world.cnipa,
            title=title,
            body="请各法院注意。",
            addressees=[world.bj_ip_court, world.zj_ipo],
        )
        for title in TITLES
    ]
    other = notice_post(
        actor=world.hz_clerk,
        organisation=world.hz_inter,
        title="浙江内部通报",
        body="仅限浙江。",
        addressees=[world.zj_ipo],
    )
    return sent, other


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_notices_list_exports_every_page_to_its_organisations_only(client, world, notices, fmt):
    sent, other = notices
    client.force_login(world.bj_clerk)
    table = download(client, NOTICES, fmt)
    assert table.header == ["时间", "标题", "发出机构", "发往机构"]
    shown = listed(client, NOTICES)
    assert len(shown) == len(TITLES)  # three pages of two
    shown_titles = [n.title for n in shown]
    if fmt == "csv":
        shown_titles = [neutralise_formula(t) for t in shown_titles]
    assert column(table, 1) == shown_titles
    row = table.rows[-1][1]  # oldest last, as on the page
    assert row[1:] == [
        "=1+2" if fmt == "xlsx" else "'=1+2",
        "国家知识产权局",
        "北京知识产权法院、浙江省知识产权局",
    ]
    assert row[0] == timezone.localtime(sent[0].created_at).strftime("%Y-%m-%d %H:%M:%S")

    client.force_login(world.zj_officer)
    titles = column(download(client, NOTICES, fmt), 1)
    assert len(titles) == len(TITLES) + 1 and titles[0] == "浙江内部通报"
    client.force_login(world.hz_clerk)  # the sender sees its own notice, not CNIPA's
    assert column(download(client, NOTICES, fmt), 1) == [other.title]
    client.force_login(world.outsider)
    assert download(client, NOTICES, fmt).rows == []


def test_csv_neutralises_what_excel_would_run_and_xlsx_keeps_the_text(client, world, notices):
    client.force_login(world.bj_clerk)
    csv_titles = column(download(client, NOTICES, "csv"), 1)
    xlsx_titles = column(download(client, NOTICES, "xlsx"), 1)
    assert list(reversed(xlsx_titles)) == TITLES
    assert list(reversed(csv_titles)) == [
        "'=1+2",
        "'+86 10 1234",
        "'@SUM(A1)",
        "'-cmd",
        "-5 度以下",
        "新型恶意抢注手法",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_register_export_keeps_a_leading_equals_sign_for_the_round_trip(client, world, fmt):
    rs.party_create(actor=None, kind=PartyKind.LEGAL, name="=1+2 科技有限公司")
    client.force_login(world.bj_clerk)
    response = client.get(reverse("exchange:export", args=["parties"]), {"fmt": fmt})
    table = read_table(io.BytesIO(b"".join(response.streaming_content)), name=f"x.{fmt}")
    assert table.header[1] == "名称"
    assert [cells[1] for _n, cells in table.rows] == ["=1+2 科技有限公司"]


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("cases:link_list", "bj_clerk"),
        ("preservation:order_list", "bj_clerk"),
        ("preservation:inquiry_list", "bj_clerk"),
        ("integrity:finding_list", "cnipa_officer"),
        ("integrity:credit_list", "cnipa_officer"),
        ("integrity:court_notice_list", "bj_judge"),
        ("exchange:notices", "bj_clerk"),
        ("core:audit_list", "audit_admin"),
        ("core:notification_list", "bj_judge"),
    ],
)
def test_every_list_page_offers_its_own_export_with_the_current_filter(client, world, url, who):
    client.force_login(getattr(world, who))
    page = client.get(reverse(url), {"status": "closed", "page": "2"}).content.decode()
    assert 'data-testid="export-buttons"' in page
    assert 'href="?status=closed&amp;export=xlsx"' in page
    assert 'href="?status=closed&amp;export=csv"' in page


@pytest.mark.parametrize(
    "url", ["integrity:finding_list", "integrity:credit_list", "integrity:court_notice_list"]
)
def test_a_live_filter_refreshes_the_buttons_with_the_rows(client, world, url):
    client.force_login(world.cnipa_officer)
    rows = client.get(reverse(url), {"kind": "other"}, headers={"HX-Request": "true"})
    assert "<html" not in rows.text and 'href="?kind=other&amp;export=csv"' in rows.text
