"""Every page answers its users and 404s for others, through the Django test client."""

import datetime

import pytest
from django.urls import reverse

from ipcoord.cases import services as cases_services
from ipcoord.cases.models import Cause, ProceedingKind
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import PartyKind
from ipcoord.registry.tests.factories import application_number


@pytest.fixture
def scene(world):
    owner = registry_services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="杭州星河科技有限公司", aliases=["杭州星河科技"]
    )
    rival = registry_services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="北京远山电子有限公司"
    )
    patent = registry_services.patent_record(
        actor=None,
        application_number=application_number(2019, "2", 77),
        title="一种折叠式电动车架",
        filing_date=datetime.date(2019, 4, 2),
        owners=[owner],
    )
    registry_services.right_grant(actor=None, right=patent, date=datetime.date(2020, 1, 3))
    mark = registry_services.trademark_record(
        actor=None,
        number="31234567",
        mark_text="星河",
        nice_classes="9,35",
        owner=owner,
        application_date=datetime.date(2018, 5, 6),
    )
    case = cases_services.case_file(
        actor=world.bj_clerk,
        number="(2024)京73知民初21号",
        cause=Cause.UTILITY_INFRINGEMENT,
        filing_date=datetime.date(2024, 1, 5),
        patents=[patent],
        parties=[(owner, "plaintiff"), (rival, "defendant")],
    )
    sealed = cases_services.case_file(
        actor=world.bj_clerk,
        number="(2024)京73知民初22号",
        cause=Cause.TRADE_SECRET,
        filing_date=datetime.date(2024, 1, 6),
        sealed=True,
    )
    proceeding = cases_services.proceeding_file(
        actor=world.cnipa_officer,
        kind=ProceedingKind.PATENT_INVALIDATION,
        number="4W000777",
        right=patent,
        requester=rival,
        filing_date=datetime.date(2024, 2, 1),
    )
    return world, owner, patent, mark, case, sealed, proceeding


def test_every_page_answers_the_clerk(client, scene):
    world, owner, patent, mark, case, sealed, proceeding = scene
    client.force_login(world.bj_clerk)
    pages = {
        reverse("core:dashboard"): "工作台",
        reverse("core:notification_list"): "通知",
        reverse("core:organisation_list") + "?q=京73": "北京知识产权法院",
        reverse("core:organisation_detail", args=[world.bj_ip_court.pk]): "京73",
        reverse("registry:patent_list") + "?q=一种折叠": patent.patent_number,
        reverse("registry:patent_detail", args=[patent.pk]): "4W000777",
        reverse("registry:trademark_list") + "?nice_class=35": "31234567",
        reverse("registry:trademark_detail", args=[mark.pk]): "星河",
        reverse("registry:party_list") + "?q=杭州星河科技": owner.name,
        reverse("registry:party_detail", args=[owner.pk]): case.number,
        reverse("cases:case_list") + "?q=2024京73知民初21": case.number,
        reverse("cases:case_detail", args=[case.pk]): "4W000777",
        reverse("cases:case_detail", args=[sealed.pk]): sealed.number,
        reverse("cases:proceeding_list"): "4W000777",
        reverse("cases:proceeding_detail", args=[proceeding.pk]): patent.patent_number,
        reverse("cases:link_list"): case.number,
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_htmx_search_returns_only_the_rows(client, scene):
    world, _owner, patent, *_ = scene
    client.force_login(world.hz_clerk)
    response = client.get(
        reverse("registry:patent_list"), {"q": patent.application_number}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert patent.patent_number in body and '<nav class="navbar' not in body


def test_other_organisations_get_404_on_sealed_and_unshared_pages(client, scene):
    world, _owner, _patent, _mark, case, sealed, _p = scene
    for user in (
        world.hz_clerk,
        world.zj_high_judge,
        world.outsider,
        world.haidian_judge,
    ):
        client.force_login(user)
        assert client.get(reverse("cases:case_detail", args=[sealed.pk])).status_code == 404
    client.force_login(world.hz_clerk)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    listing = client.get(reverse("cases:case_list")).content.decode()
    assert case.number not in listing and sealed.number not in listing


def test_audit_page_is_for_the_audit_administrator(client, scene):
    world = scene[0]
    client.force_login(world.audit_admin)
    assert "organisation.create" in client.get(reverse("core:audit_list")).content.decode()
    client.force_login(world.security_admin)
    assert client.get(reverse("core:audit_list")).status_code == 404


def test_detail_pages_show_the_records_history(client, scene):
    world, _owner, patent, _mark, case, _sealed, _p = scene
    client.force_login(world.bj_clerk)
    body = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "case.file" in body and "bj_clerk" in body
    assert (
        "patent.record"
        in client.get(reverse("registry:patent_detail", args=[patent.pk])).content.decode()
    )
