"""The import pages: upload → preview → confirm, the report, background jobs, ownership."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ipcoord.exchange import services
from ipcoord.exchange.formats import write_table
from ipcoord.exchange.models import ImportJob, ImportStatus
from ipcoord.exchange.progress import progress_file_writer
from ipcoord.registry.models import Party
from ipcoord.registry.tests.factories import USCC_HAIDIAN, USCC_HANGZHOU, USCC_HUAWEI

HEADER = ["主体类型", "名称", "统一社会信用代码"]
GOOD = [
    ["法人或其他组织", "华为技术有限公司", USCC_HUAWEI],
    ["法人或其他组织", "杭州某某科技有限公司", USCC_HANGZHOU],
]
BAD_USCC = USCC_HAIDIAN[:-1] + ("0" if USCC_HAIDIAN[-1] != "0" else "1")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(rows, name="parties.csv"):
    buffer = io.BytesIO()
    write_table(buffer, HEADER, rows, fmt=name.rsplit(".", 1)[1])
    return SimpleUploadedFile(name, buffer.getvalue())


def _post(client, user, rows, **kw):
    client.force_login(user)
    return client.post(reverse("exchange:import"), {"kind": "parties", "file": _upload(rows, **kw)})


def test_it_previews_a_bad_file_with_its_error_rows_and_writes_nothing(client, world):
    before = Party.objects.count()
    response = _post(client, world.cnipa_officer, [*GOOD, ["法人或其他组织", "某公司", BAD_USCC]])
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exchange:import_job", args=[job.pk])
    assert job.status == ImportStatus.REFUSED and job.error_count == 1
    page = client.get(response.url).content.decode()
    assert BAD_USCC in page and "校验位" in page and "统一社会信用代码" in page
    assert "确认导入" not in page
    assert Party.objects.count() == before
    # The refused file is not kept; its report is.
    assert not list((services.import_dir()).glob("*.csv"))


def test_it_previews_then_confirms_a_good_file(client, world):
    response = _post(client, world.cnipa_officer, GOOD, name="parties.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED and job.created_count == 2
    page = client.get(response.url).content.decode()
    assert "确认导入" in page and USCC_HUAWEI in page
    assert not Party.objects.filter(uscc=USCC_HUAWEI).exists()

    client.post(reverse("exchange:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert Party.objects.get(uscc=USCC_HUAWEI).name == "华为技术有限公司"
    # A second confirm is refused: the job is not re-run.
    client.post(reverse("exchange:import_job_confirm", args=[job.pk]))
    assert Party.objects.filter(uscc=USCC_HUAWEI).count() == 1


def test_reimporting_the_same_file_changes_nothing(client, world):
    for _ in range(2):
        _post(client, world.cnipa_officer, GOOD)
        job = ImportJob.objects.latest("id")
        client.post(reverse("exchange:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_count, job.unchanged_count) == (ImportStatus.DONE, 0, 2)


def test_the_report_downloads_as_xlsx(client, world):
    _post(client, world.cnipa_officer, [["法人或其他组织", "某公司", BAD_USCC]])
    job = ImportJob.objects.get()
    response = client.get(reverse("exchange:import_job_report", args=[job.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "值", "原因")
    assert rows[1][:3] == ("2", "统一社会信用代码", BAD_USCC)


def test_a_format_error_is_shown_on_the_form_and_nothing_is_stored(client, world):
    client.force_login(world.cnipa_officer)
    upload = SimpleUploadedFile("parties.txt", b"x")
    response = client.post(reverse("exchange:import"), {"kind": "parties", "file": upload})
    assert response.status_code == 200 and ".csv" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_another_organisations_user_gets_404_on_the_job(client, world):
    _post(client, world.cnipa_officer, GOOD)
    job = ImportJob.objects.get()
    client.force_login(world.zj_officer)
    for name in ("import_job", "import_job_progress", "import_job_report"):
        assert client.get(reverse(f"exchange:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("exchange:import_job_confirm", args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("exchange:import")).context["page_obj"]]
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


def test_the_import_page_is_not_for_a_mediator_or_a_judge(client, world):
    for user in (world.outsider, world.bj_judge):
        client.force_login(user)
        assert client.get(reverse("exchange:import")).status_code == 404
        response = client.post(
            reverse("exchange:import"), {"kind": "parties", "file": _upload(GOOD)}
        )
        assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_the_navbar_links_the_import_page_for_importers_only(client, world):
    client.force_login(world.cnipa_officer)
    assert reverse("exchange:import") in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(world.outsider)
    assert reverse("exchange:import") not in client.get(reverse("core:dashboard")).content.decode()


def test_a_large_file_runs_through_the_task_and_ends_done(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world.cnipa_officer, GOOD)
    job = ImportJob.objects.get()
    assert job.background and job.status == ImportStatus.PREVIEWED
    page = client.get(response.url).content.decode()
    assert "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert Party.objects.filter(uscc__in=[USCC_HUAWEI, USCC_HANGZHOU]).count() == 2
    # The task is idempotent: running it again on a settled job changes nothing.
    from ipcoord.exchange.tasks import import_job_run

    assert import_job_run.call(job.pk) == ImportStatus.DONE


def test_the_progress_card_shows_rows_done_while_running(client, world):
    _post(client, world.cnipa_officer, GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    progress_file_writer(services._progress_path(job), 2)(1)
    response = client.get(reverse("exchange:import_job_progress", args=[job.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 / 2" in body and 'hx-trigger="every 2s"' in body
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    response = client.get(
        reverse("exchange:import_job_progress", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204 and response.headers["HX-Refresh"] == "true"


def test_a_stalled_import_can_be_restarted_by_its_uploader(client, world):
    import datetime

    from django.utils import timezone

    from ipcoord.core.models import AuditEvent

    _post(client, world.cnipa_officer, GOOD)  # previewed
    job = ImportJob.objects.get()
    # Confirmed, then its runner killed mid-way: the claim committed, the import did not.
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, updated_at=long_ago)
    page = client.get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="stalled"' in page and "重新开始" in page

    client.force_login(world.zj_officer)  # another user of another office: not even the page
    assert client.post(reverse("exchange:import_job_restart", args=[job.pk])).status_code == 404

    client.force_login(world.cnipa_officer)
    client.post(reverse("exchange:import_job_restart", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert AuditEvent.objects.filter(action="exchange.import.restart").count() == 1
    again = client.post(reverse("exchange:import_job_restart", args=[job.pk]), follow=True)
    assert "不能重新开始" in again.content.decode()  # a settled job is not restarted


def test_a_running_import_with_recent_progress_is_not_stalled(client, world):
    _post(client, world.cnipa_officer, GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.refresh_from_db()
    assert not services.import_job_stalled(job)
    page = client.get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="stalled"' not in page
