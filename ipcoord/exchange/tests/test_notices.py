"""Notices: addressees see and reply, others get 404; attachments are type-checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Notification
from ipcoord.exchange.models import Notice, NoticeAttachment
from ipcoord.exchange.notices import notice_post, notice_reply

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def notice(world, media):
    return notice_post(
        actor=world.cnipa_officer,
        organisation=world.cnipa,
        title="新型恶意抢注手法",
        body="发现批量抢注知名商标的新手法，请各法院注意。",
        addressees=[world.bj_ip_court],
        files=[SimpleUploadedFile("说明.pdf", PDF, content_type="application/pdf")],
    )


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_addressees_see_the_notice_and_are_notified(world, notice):
    page = login(world.bj_judge).get(reverse("exchange:notice", args=[notice.pk]))
    assert page.status_code == 200 and "新型恶意抢注手法" in page.content.decode()
    assert Notification.objects.filter(recipient=world.bj_judge, verb="exchange.notice_posted")
    listing = login(world.bj_clerk).get(reverse("exchange:notices")).content.decode()
    assert "新型恶意抢注手法" in listing
    att = notice.attachments.get()
    download = login(world.bj_judge).get(
        reverse("exchange:notice_attachment", args=[notice.pk, att.pk])
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert str(att.file.name).startswith("notices/")


@pytest.mark.parametrize("name", ["hz_clerk", "outsider", "zj_high_judge"])
def test_others_get_404(world, notice, name):
    user = getattr(world, name)
    c = login(user)
    assert c.get(reverse("exchange:notice", args=[notice.pk])).status_code == 404
    att = notice.attachments.get()
    url = reverse("exchange:notice_attachment", args=[notice.pk, att.pk])
    assert c.get(url).status_code == 404
    assert "新型恶意抢注手法" not in c.get(reverse("exchange:notices")).content.decode()
    api = APIClient()
    api.force_login(user)
    assert api.get(f"/api/v1/exchange/notices/{notice.pk}/").status_code == 404
    assert (
        api.post(f"/api/v1/exchange/notices/{notice.pk}/reply/", {"body": "x"}).status_code == 404
    )
    assert api.get("/api/v1/exchange/notices/").json()["count"] == 0


def test_replies_from_both_sides_notify_the_other(world, notice):
    c = login(world.bj_judge)
    response = c.post(reverse("exchange:notice", args=[notice.pk]), {"body": "已收到，将核查。"})
    assert response.status_code == 302
    assert Notification.objects.filter(
        recipient=world.cnipa_officer, verb="exchange.notice_replied"
    ).exists()
    reply = notice_reply(actor=world.cnipa_officer, notice=notice, body="谢谢。")
    assert reply.organisation == world.cnipa
    with pytest.raises(ApplicationError):
        notice_reply(actor=world.hz_clerk, notice=notice, body="我也想说")


def test_an_attachment_of_a_refused_type_is_refused_whole(world, media):
    for name, data in [
        ("tool.exe", b"MZ\x90\x00"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf"),
        ("page.html", b"<html></html>"),
    ]:
        with pytest.raises(ApplicationError) as err:
            notice_post(
                actor=world.bj_judge,
                organisation=world.bj_ip_court,
                title="t",
                body="b",
                addressees=[world.cnipa],
                files=[SimpleUploadedFile(name, data)],
            )
        assert err.value.code == "attachment_type"
    assert not Notice.objects.exists() and not NoticeAttachment.objects.exists()


def test_an_oversized_attachment_is_refused(world, media, settings):
    settings.EXCHANGE_NOTICE_MAX_BYTES = 10
    with pytest.raises(ApplicationError) as err:
        notice_post(
            actor=world.bj_judge,
            organisation=world.bj_ip_court,
            title="t",
            body="b",
            addressees=[world.cnipa],
            files=[SimpleUploadedFile("a.txt", "这是一段较长的说明文字".encode())],
        )
    assert err.value.code == "attachment_size"


def test_post_from_the_page_and_the_api(world, media):
    c = login(world.hz_clerk)
    response = c.post(
        reverse("exchange:notice_new"),
        {
            "title": "网络平台侵权新情况",
            "body": "直播带货中出现新的侵权形态。",
            "addressees": [world.zj_ipo.pk],
            "files": [SimpleUploadedFile("记录.txt", "直播记录".encode())],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    n = Notice.objects.get(title="网络平台侵权新情况")
    assert n.organisation == world.hz_inter and n.attachments.count() == 1
    api = APIClient()
    api.force_login(world.zj_officer)
    body = api.get(f"/api/v1/exchange/notices/{n.pk}/").json()
    assert body["title"] == "网络平台侵权新情况" and len(body["attachments"]) == 1
    created = api.post(
        "/api/v1/exchange/notices/",
        {"title": "回应", "body": "已安排专项检查。", "addressees": [world.hz_inter.pk]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    refused = api.post(
        "/api/v1/exchange/notices/",
        {"title": "x", "body": "y", "addressees": [world.zj_ipo.pk]},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "no_addressees"
