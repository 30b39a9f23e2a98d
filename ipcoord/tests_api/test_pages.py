"""Every page answers its users and 404s for others, through the Django test client."""

from django.urls import reverse


def test_every_page_answers_the_clerk(client, scene):
    world, owner, patent, mark = scene.world, scene.owner, scene.patent, scene.mark
    case, sealed, proceeding = scene.case, scene.sealed, scene.proceeding
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
    world, patent = scene.world, scene.patent
    client.force_login(world.hz_clerk)
    response = client.get(
        reverse("registry:patent_list"), {"q": patent.application_number}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert patent.patent_number in body and '<nav class="navbar' not in body


def test_other_organisations_get_404_on_sealed_and_unshared_pages(client, scene):
    world, case, sealed = scene.world, scene.case, scene.sealed
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
    world = scene.world
    client.force_login(world.audit_admin)
    assert "organisation.create" in client.get(reverse("core:audit_list")).content.decode()
    client.force_login(world.security_admin)
    assert client.get(reverse("core:audit_list")).status_code == 404


def test_detail_pages_show_the_records_history(client, scene):
    world, patent, case = scene.world, scene.patent, scene.case
    client.force_login(world.bj_clerk)
    body = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "case.file" in body and "bj_clerk" in body
    assert (
        "patent.record"
        in client.get(reverse("registry:patent_detail", args=[patent.pk])).content.decode()
    )
