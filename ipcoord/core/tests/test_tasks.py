import pytest
from django.urls import reverse

from ipcoord.core.models import AuditEvent, Notification
from ipcoord.core.tasks import audit_chain_verify


def test_verification_tells_the_auditors(world):
    audit_chain_verify.call()
    note = Notification.objects.get(recipient=world.audit_admin)
    assert note.verb == "audit.intact" and note.params["checked"] == AuditEvent.objects.count()
    assert not Notification.objects.filter(recipient=world.system_admin).exists()


def test_a_broken_chain_is_reported(world):
    AuditEvent.objects.filter(seq=4).update(action="forged")
    result = audit_chain_verify.call()
    assert result == {"ok": False, "checked": 3, "broken_seq": 4}
    note = Notification.objects.get(recipient=world.audit_admin)
    assert note.verb == "audit.broken.edited"
    from ipcoord.core.notify import render

    assert "第 4 条事件的内容被修改" in render(note)


def test_the_page_button_queues_it_for_the_auditor_only(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.audit_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:audit_verify"))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=world.audit_admin, verb="audit.intact").exists()
    client.force_login(world.system_admin)
    assert client.post(reverse("core:audit_verify")).status_code == 404
    assert client.get(reverse("core:audit_list")).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_runs_the_task(settings):
    """The real backend: enqueue into the database, then a worker run executes it."""
    from django.core.management import call_command

    from conftest import use_task_backend

    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    result = audit_chain_verify.enqueue()
    assert result.status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL" and result.return_value["ok"] is True
