"""Notices of new problems and situations (§3 "新问题、新情况"): services, reads, access.

Who: a member of the sending organisation or of an addressed organisation sees the notice
and may reply; everyone else gets 404, as for a missing notice. Attachments are checked by
extension *and* by their first bytes (a renamed executable is refused), stored under
MEDIA_ROOT/notices/ with a random name, and served only through the notice's access check.
"""

import secrets
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Organisation, User
from ipcoord.core.notify import notify
from ipcoord.core.selectors import members_of, scope_for
from ipcoord.exchange.models_notices import Notice, NoticeAttachment, NoticeReply

ZIP_MAGIC = b"PK\x03\x04"
ALLOWED_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
}
MAX_FILES = 10


def max_attachment_bytes() -> int:
    return int(getattr(settings, "EXCHANGE_NOTICE_MAX_BYTES", 10 * 1024 * 1024))


def _content_matches(ext: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in ("docx", "xlsx"):
        if not head.startswith(ZIP_MAGIC):
            return False
        marker = "word/" if ext == "docx" else "xl/"
        try:
            with zipfile.ZipFile(upload) as zf:
                return any(n.startswith(marker) for n in zf.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
    try:  # txt: UTF-8 text without NUL bytes
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return "\x00" not in text


def _check_upload(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload; ApplicationError otherwise."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_TYPES or not _content_matches(ext, upload):
        raise ApplicationError(
            _("附件“%(name)s”的类型不允许；只接受 PDF、DOCX、XLSX、PNG、JPG 和 TXT 文件。")
            % {"name": name},
            code="attachment_type",
            extra={"field": "files", "name": name},
        )
    if upload.size is None or upload.size > max_attachment_bytes():
        raise ApplicationError(
            _("附件“%(name)s”超过 %(mb)s MB 的上限。")
            % {"name": name, "mb": max_attachment_bytes() // (1024 * 1024)},
            code="attachment_size",
            extra={"field": "files", "name": name},
        )
    return ext, ALLOWED_TYPES[ext]


def _attach(
    notice: Notice, reply: NoticeReply | None, actor: User, files: Iterable[UploadedFile]
) -> None:
    files = list(files)
    if len(files) > MAX_FILES:
        raise ApplicationError(
            _("一次最多上传 %(n)s 个附件。") % {"n": MAX_FILES}, code="too_many_attachments"
        )
    checked = [(upload, *_check_upload(upload)) for upload in files]
    for upload, ext, content_type in checked:
        attachment = NoticeAttachment(
            notice=notice,
            reply=reply,
            original_name=PurePath(upload.name or "").name[:255],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        attachment.file.save(f"{secrets.token_hex(16)}.{ext}", upload, save=False)
        attachment.save()


def _involved_org_ids(notice: Notice) -> set[int]:
    return {notice.organisation_id, *notice.addressees.values_list("pk", flat=True)}


def notice_list_for(*, user: User) -> QuerySet[Notice]:
    """Notices sent by or addressed to the user's organisations, newest first."""
    own = scope_for(user).own_org_ids
    if not own:
        return Notice.objects.none()
    ids = Notice.objects.filter(Q(organisation_id__in=own) | Q(addressees__in=own)).values("pk")
    return (
        Notice.objects.filter(pk__in=ids)
        .select_related("organisation", "author")
        .prefetch_related("addressees")
    )


def get_notice_for(user: User, pk: int) -> Notice:
    """The notice if the user's organisation sent it or is addressed; 404 alike otherwise."""
    notice = notice_list_for(user=user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def acting_org(user: User, notice: Notice) -> Organisation:
    """The user's organisation in this notice: the sender if a member, else an addressee."""
    own = scope_for(user).own_org_ids
    if notice.organisation_id in own:
        return notice.organisation
    org = notice.addressees.filter(pk__in=own).order_by("pk").first()
    if org is None:
        raise PermissionDenied(_("只有发出机构和收文机构的成员可以回复。"))
    return org


@transaction.atomic
def notice_post(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    body: str,
    addressees: Iterable[Organisation],
    files: Iterable[UploadedFile] = (),
) -> Notice:
    """Post a notice from `organisation` (the actor must be a member) to other organisations;
    their members are notified. The whole post, attachments included, succeeds or fails."""
    if organisation.pk not in scope_for(actor).own_org_ids:
        raise PermissionDenied(_("只能以自己所在机构的名义发布通报。"))
    title, body = (title or "").strip(), (body or "").strip()
    if not title or len(title) > 200 or not body:
        raise ApplicationError(_("请填写标题（不超过 200 字）和正文。"), code="notice_incomplete")
    targets = {o.pk: o for o in addressees if o.pk != organisation.pk and o.is_active}
    if not targets:
        raise ApplicationError(
            _("请至少选择一个发往机构（不含本机构）。"),
            code="no_addressees",
            extra={"field": "addressees"},
        )
    notice = Notice.objects.create(organisation=organisation, author=actor, title=title, body=body)
    notice.addressees.set(targets.values())
    _attach(notice, None, actor, files)
    audit_record(
        actor=actor,
        action="exchange.notice.post",
        obj=notice,
        organisation=organisation,
        after={"title": title, "addressees": sorted(targets)},
    )
    url = reverse("exchange:notice", args=[notice.pk])
    params = {"org": organisation.name, "title": title}
    recipients = members_of(organisation_ids=set(targets)).exclude(pk=actor.pk)
    # Notifications are rows too: written in the same transaction as the notice.
    notify(recipients=recipients, verb="exchange.notice_posted", params=params, url=url)
    return notice


@transaction.atomic
def notice_reply(
    *, actor: User, notice: Notice, body: str, files: Iterable[UploadedFile] = ()
) -> NoticeReply:
    """Reply as a member of the sending or an addressed organisation; the other
    organisations of the notice are notified."""
    org = acting_org(actor, notice)
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("回复内容不能为空。"), code="reply_empty", extra={"field": "body"})
    reply = NoticeReply.objects.create(notice=notice, organisation=org, author=actor, body=body)
    _attach(notice, reply, actor, files)
    audit_record(
        actor=actor,
        action="exchange.notice.reply",
        obj=notice,
        organisation=org,
        after={"reply": reply.pk},
    )
    others = _involved_org_ids(notice) - {org.pk}
    url = reverse("exchange:notice", args=[notice.pk])
    params = {"org": org.name, "title": notice.title}
    recipients = members_of(organisation_ids=others).exclude(pk=actor.pk)
    notify(recipients=recipients, verb="exchange.notice_replied", params=params, url=url)
    return reply
