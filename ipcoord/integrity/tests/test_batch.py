"""Batch screening: a small file is queued, screened by the task, and its hits become leads."""

import json

import pytest
from django.core.management import CommandError, call_command

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.integrity import services
from ipcoord.integrity.models import Finding, RunStatus, ScreeningRun
from ipcoord.integrity.tests.factories import PartyFactory, counts, kangshifu


@pytest.fixture
def batch_file(tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text(
        'text,classes,applicant\n康帅傅,30,某食品公司\n青山绿水,"29,30",\n奥林匹克牌,25,无名氏\n',
        encoding="utf-8",
    )
    return path


def test_the_task_screens_a_small_file(world, batch_file, django_capture_on_commit_callbacks):
    kangshifu()
    applicant = PartyFactory(name="某食品公司")
    rows = services.read_batch_file(batch_file)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.screen_batch(actor=world.cnipa_officer, rows=rows, file_name="apps.csv")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.rows_done == 3 and run.rows == []
    findings = Finding.objects.filter(run=run)
    assert run.finding_count == findings.count() >= 2
    kang = findings.get(kind="trademark_similarity")
    assert kang.party == applicant and kang.subject_classes == [30]
    olympic = findings.get(matched_text="奥林匹克")
    assert olympic.party is None and olympic.applicant_name == "无名氏"


def test_a_run_is_screened_once(world, batch_file, django_capture_on_commit_callbacks):
    kangshifu()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.screen_batch(actor=None, rows=services.read_batch_file(batch_file))
    before = counts()
    again = services.screen_batch_run(run_id=run.pk)
    assert again.status == RunStatus.DONE and counts() == before


def test_the_command_queues_a_jsonl_file_for_the_task(
    world, tmp_path, capsys, django_capture_on_commit_callbacks
):
    path = tmp_path / "apps.jsonl"
    path.write_text(json.dumps({"text": "奥林匹克牌", "classes": [25]}) + "\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("screen", "batch", str(path), "--as", "zj_officer")
    assert "queued, 0/1 rows" in capsys.readouterr().out
    run = ScreeningRun.objects.get(file_name="apps.jsonl")
    assert run.owner_org == world.zj_ipo and run.status == RunStatus.DONE
    assert run.finding_count == 1
    call_command("screen", "batch", str(path), "--now")
    assert "done, 1/1 rows" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("screen", "batch", str(path), "--as", "nobody")


def test_bad_rows_are_refused_as_a_whole(world):
    before = counts()
    with pytest.raises(ApplicationError) as err:
        services.screen_batch(
            actor=world.cnipa_officer, rows=[{"text": "好"}, {"text": "", "classes": "30"}]
        )
    assert err.value.extra == {"row": 2} and counts() == before
    with pytest.raises(PermissionDenied):
        services.screen_batch(actor=world.bj_clerk, rows=[{"text": "好"}])
    assert counts() == before
