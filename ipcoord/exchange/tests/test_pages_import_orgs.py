"""The import page for a user who imports for several organisations: the choice, its limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ipcoord.core import services as core
from ipcoord.core.exceptions import PermissionDenied
from ipcoord.core.models import Role, User
from ipcoord.exchange import services
from ipcoord.exchange.models import ImportJob, ImportStatus
from ipcoord.exchange.tests.test_pages_import import GOOD, _upload
from ipcoord.registry.models import Party
from ipcoord.registry.tests.factories import USCC_HANGZHOU, USCC_HUAWEI


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def two_org_officer(world) -> User:
    """The CNIPA examiner, also an officer of the Zhejiang office (the later one by id)."""
    user = world.cnipa_officer
    core.membership_grant(actor=None, user=user, organisation=world.zj_ipo, role=Role.IP_OFFICER)
    assert world.cnipa.pk < world.zj_ipo.pk
    return user


def _nothing_stored() -> bool:
    folder = services.import_dir()
    return not ImportJob.objects.exists() and not (folder.exists() and any(folder.iterdir()))


def test_a_two_org_user_imports_into_the_second_and_it_lands_there(client, world, two_org_officer):
    client.force_login(two_org_officer)
    page = client.get(reverse("exchange:import"))
    field = page.context["form"]["organisation"]
    assert field.value() == world.cnipa.pk  # the first is preselected
    assert [c.data["label"] for c in field.subwidgets] == [world.cnipa.name, world.zj_ipo.name]

    response = client.post(
        reverse("exchange:import"),
        {"organisation": world.zj_ipo.pk, "kind": "parties", "file": _upload(GOOD)},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.organisation == world.zj_ipo
    client.post(reverse("exchange:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 2
    # Rows that name no recording organisation are recorded for the one chosen, not for
    # the user's first (CNIPA, which the parties service would otherwise pick).
    imported = Party.objects.filter(uscc__in=[USCC_HUAWEI, USCC_HANGZHOU])
    assert [p.owner_org for p in imported] == [world.zj_ipo] * 2

    # A job of the first organisation too: the list shows both, each with its organisation.
    client.post(
        reverse("exchange:import"),
        {"organisation": world.cnipa.pk, "kind": "parties", "file": _upload(GOOD)},
    )
    page = client.get(reverse("exchange:import"))
    jobs = list(page.context["page_obj"])
    assert {j.organisation for j in jobs} == {world.cnipa, world.zj_ipo}
    body = page.content.decode()
    assert "您所在各机构的导入" in body and f"<td>{world.zj_ipo.name}</td>" in body
    assert "<td>当事人</td>" in body and "<td>parties</td>" not in body  # the kind's label
    # The Zhejiang colleague sees the Zhejiang job, not the CNIPA one.
    client.force_login(world.zj_officer)
    seen = list(client.get(reverse("exchange:import")).context["page_obj"])
    assert [j.organisation for j in seen] == [world.zj_ipo]


@pytest.mark.parametrize("forged", ["bj_ip_court", "missing", "text"])
def test_a_forged_organisation_is_a_form_error_and_nothing_is_written(
    client, world, two_org_officer, forged
):
    value = {"bj_ip_court": world.bj_ip_court.pk, "missing": 999999, "text": "x' OR 1=1"}[forged]
    parties = Party.objects.count()
    client.force_login(two_org_officer)
    response = client.post(
        reverse("exchange:import"),
        {"organisation": value, "kind": "parties", "file": _upload(GOOD)},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organisation"]
    assert "invalid-feedback" in response.content.decode()
    assert _nothing_stored() and Party.objects.count() == parties


def test_one_organisation_shows_no_choice(client, world):
    client.force_login(world.zj_officer)
    page = client.get(reverse("exchange:import")).content.decode()
    assert 'name="organisation"' not in page and f"以 {world.zj_ipo.name} 的名义导入" in page
    assert "本机构的导入" in page
    # A value posted anyway has no field to go to: the upload goes under their own office.
    client.post(
        reverse("exchange:import"),
        {"organisation": world.cnipa.pk, "kind": "parties", "file": _upload(GOOD)},
    )
    assert ImportJob.objects.get().organisation == world.zj_ipo


def test_the_service_refuses_an_organisation_the_actor_does_not_import_for(world):
    upload = SimpleUploadedFile("parties.csv", b"x")
    for org in (world.cnipa, world.bj_ip_court):
        with pytest.raises(PermissionDenied):
            services.import_job_upload(
                actor=world.zj_officer, organisation=org, kind="parties", upload=upload
            )
    assert _nothing_stored()
