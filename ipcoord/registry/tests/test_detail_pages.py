"""What the patent and party pages show of the fields screening relies on."""

from django.urls import reverse

from ipcoord.registry import services
from ipcoord.registry.tests.factories import PatentFactory


def test_the_patent_page_shows_agency_and_claims_and_the_party_page_rd_staff(client, world):
    company = services.party_create(actor=None, kind="legal", name="研发公司", rd_staff=35)
    patent = PatentFactory(
        owners=[company],
        agency="杭州钱塘知识产权代理有限公司",
        claims="1. 一种装置，其特征在于包括底座。",
    )
    client.force_login(world.bj_judge)
    page = client.get(reverse("registry:patent_detail", args=[patent.pk])).content.decode()
    assert "专利代理机构" in page and "杭州钱塘知识产权代理有限公司" in page
    assert "权利要求书" in page and "其特征在于包括底座" in page
    party = client.get(reverse("registry:party_detail", args=[company.pk])).content.decode()
    assert "研发人员数" in party and ">35<" in party
    bare = PatentFactory()
    plain = client.get(reverse("registry:patent_detail", args=[bare.pk])).content.decode()
    assert "专利代理机构" not in plain and "权利要求书" not in plain
