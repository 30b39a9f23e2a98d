"""The demo world: identifiers valid, histories consistent, appeal chains sound, deterministic."""

import hashlib
from collections import defaultdict

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from stdnum.cn import ric, uscc

from ipcoord.cases.models import Case, CaseLink, CaseParty, Proceeding
from ipcoord.core import identifiers
from ipcoord.core.models import AuditEvent, Organisation, User
from ipcoord.demo.builder import build_demo
from ipcoord.demo.people import DEMO_USERS, demo_password
from ipcoord.exchange.models import MachineClient
from ipcoord.exchange.models_notices import Notice
from ipcoord.integrity.credit_models import CreditListing
from ipcoord.integrity.models import Finding
from ipcoord.integrity.selectors import public_listing_list
from ipcoord.preservation.models import FreezeItem, FreezeOrder, Inquiry
from ipcoord.registry.models import LegalEvent, Party, Patent, PatentOwner, Trademark
from ipcoord.registry.status import Event, derive

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def tiny(db) -> dict[str, int]:
    return build_demo(size="tiny", seed=7)


def digest() -> str:
    """Names, numbers and dates of the whole world, without database ids."""
    h = hashlib.sha256()

    def feed(rows: object) -> None:
        for row in rows:  # type: ignore[attr-defined]
            h.update(repr(row).encode())

    feed(Organisation.objects.order_by("name").values_list("name", "court_code", "parent__name"))
    # The machine client's service user gets a random username from its service.
    feed(
        User.objects.exclude(username__startswith="machine-")
        .order_by("username")
        .values_list("username", "full_name")
    )
    feed(
        Party.objects.order_by("name", "uscc", "id_number").values_list(
            "name", "uscc", "id_number", "aliases", "address"
        )
    )
    feed(
        Patent.objects.order_by("application_number").values_list(
            "application_number", "title", "ipc", "status", "filing_date", "grant_date"
        )
    )
    feed(
        PatentOwner.objects.order_by("patent__application_number", "position").values_list(
            "patent__application_number", "party__name"
        )
    )
    feed(
        Trademark.objects.order_by("number").values_list(
            "number", "mark_text", "nice_classes", "status", "owner__name"
        )
    )
    feed(
        LegalEvent.objects.order_by(
            "patent__application_number", "trademark__number", "date", "kind"
        ).values_list(
            "patent__application_number", "trademark__number", "kind", "date", "counterparty__name"
        )
    )
    feed(
        Case.objects.order_by("number").values_list(
            "number", "status", "closing_date", "outcome", "previous_instance__number", "sealed"
        )
    )
    feed(
        CaseParty.objects.order_by("case__number", "role", "party__name").values_list(
            "case__number", "role", "party__name"
        )
    )
    feed(
        Proceeding.objects.order_by("number").values_list(
            "number", "kind", "outcome", "decision_date"
        )
    )
    feed(
        CaseLink.objects.order_by("case__number", "proceeding__number").values_list(
            "case__number", "proceeding__number", "kind", "status"
        )
    )
    # The showcase records made through the services (dates follow the real today).
    feed(
        FreezeItem.objects.order_by(
            "order__notice_number", "patent__application_number"
        ).values_list(
            "order__notice_number",
            "order__case__number",
            "patent__application_number",
            "trademark__number",
            "status",
            "seq",
            "order__months",
        )
    )
    feed(Inquiry.objects.order_by("case__number", "query").values_list("case__number", "query"))
    feed(
        Finding.objects.order_by("subject_text", "matched_ref").values_list(
            "subject_text", "matched_ref", "party__name", "status", "decision_reason"
        )
    )
    feed(CreditListing.objects.order_by("party__name").values_list("party__name", "status"))
    feed(Notice.objects.order_by("title").values_list("title", "organisation__name"))
    feed(MachineClient.objects.values_list("name", "organisation__name", "allowed_kinds"))
    return h.hexdigest()


def test_it_builds_every_part(tiny):
    # The register's 70, and those the CNIPA client's demo batch recorded through the door.
    assert tiny["patents"] == 70 and tiny["batch_patents"] == 5 and tiny["batches"] == 2
    assert Patent.objects.count() == 75
    assert tiny["trademarks"] == Trademark.objects.count() == 30
    assert Case.objects.exclude(type_code="执保").count() == tiny["cases"] >= 40
    assert Case.objects.filter(procedure="second_instance").exists()
    assert Proceeding.objects.exists() and CaseLink.objects.exists()
    assert Organisation.objects.filter(court_code__in=["京73", "沪73", "粤73", "琼73"]).count() == 4
    assert Organisation.objects.filter(kind="court", level="provincial").count() == 31
    assert Organisation.objects.filter(kind="ip_admin", level="provincial").count() == 31
    event = AuditEvent.objects.get(action="demo.build")
    assert event.after["patents"] == 70 and event.after["seed"] == 7


def test_it_showcases_the_newer_apps(tiny):
    active = FreezeItem.objects.filter(status="active").values_list("patent_id", flat=True)
    queued = FreezeItem.objects.filter(status="queued").values_list("patent_id", flat=True)
    assert set(active) & set(queued)
    assert FreezeOrder.objects.filter(status="submitted").exists()
    assert FreezeItem.objects.filter(status="released").exists()
    assert tiny["freeze_renewals"] == 1 and Inquiry.objects.count() == tiny["inquiries"] == 3
    assert Finding.objects.filter(status="lead").exists()
    confirmed = Finding.objects.get(status="confirmed")
    assert confirmed.decision_reason and Finding.objects.filter(status="dismissed").exists()
    public = list(public_listing_list())
    assert len(public) == 1 and public[0].findings.filter(pk=confirmed.pk).exists()
    statuses = sorted(CreditListing.objects.values_list("status", flat=True))
    assert statuses == ["listed", "notified", "proposed", "withdrawn"]
    notice = Notice.objects.filter(organisation__court_code="京73").get()
    assert notice.replies.exists() and Notice.objects.count() == 3
    assert MachineClient.objects.get().organisation.name == "国家知识产权局"
    for action in ("freeze_order.register", "integrity.finding_confirm", "exchange.notice.post"):
        assert AuditEvent.objects.filter(action=action, actor__isnull=False).exists()


def test_it_gives_valid_identifiers(tiny):
    for number in Patent.objects.values_list("application_number", flat=True):
        parsed = identifiers.parse_patent_application(number)
        assert parsed.normalized == number
        digits, check = number.split(".")
        assert identifiers.patent_check_digit(digits) == check
    for code in Party.objects.exclude(uscc=None).values_list("uscc", flat=True):
        assert uscc.is_valid(code), code
    for number in Party.objects.exclude(id_number=None).values_list("id_number", flat=True):
        assert ric.is_valid(number), number
    for classes in Trademark.objects.values_list("nice_classes", flat=True):
        assert classes.startswith(",") and classes.endswith(",")
        assert all(1 <= n <= 45 for n in identifiers.parse_nice_classes(classes.strip(",")))


def test_status_follows_the_events(tiny):
    histories: dict[tuple[str, int], list[Event]] = defaultdict(list)
    for e in LegalEvent.objects.order_by("date", "id"):
        key = ("patent", e.patent_id) if e.patent_id else ("trademark", e.trademark_id)
        histories[key].append(
            Event(
                e.kind,
                e.date,
                key=e.pk,
                partial=e.partial,
                pledge=e.pledge_id,
                counterparty=e.counterparty_id,
            )
        )
    for right_type, model in (("patent", Patent), ("trademark", Trademark)):
        for right in model.objects.all():
            state = derive(right_type, histories[(right_type, right.pk)])
            assert state.anomalies == (), (right, state.anomalies)
            assert right.status == state.status, right
            assert right.partially_invalidated == state.partially_invalidated, right
    for release in LegalEvent.objects.filter(kind="pledge_release"):
        assert release.pledge.kind == "pledge" and release.pledge.patent_id == release.patent_id


def test_case_numbers_parse_and_belong_to_their_court(tiny):
    for case in Case.objects.select_related("owner_org", "previous_instance"):
        parsed = identifiers.parse_case_number(case.raw_number)
        assert parsed.normalized == case.number
        assert (parsed.year, parsed.court_code, parsed.type_code, parsed.serial) == (
            case.year,
            case.court_code,
            case.type_code,
            case.serial,
        )
        assert (parsed.procedure, parsed.nature) == (case.procedure, case.nature)
        assert case.owner_org.court_code == case.court_code
        if case.procedure == "second_instance":
            first = case.previous_instance
            assert first is not None and first.procedure == "first_instance"
            assert first.year <= case.year and first.closing_date <= case.filing_date
            levels = ["basic", "intermediate", "specialised", "high", "supreme"]
            lower = identifiers.court_level(first.court_code)
            upper = identifiers.court_level(case.court_code)
            assert levels.index(upper) > levels.index(lower), case
        else:
            assert case.previous_instance is None


def test_links_join_cases_and_proceedings_on_the_same_right(tiny):
    for link in CaseLink.objects.select_related("case", "proceeding"):
        right = link.proceeding.patent_id or link.proceeding.trademark_id
        rights = set(link.case.patents.values_list("pk", flat=True)) | set(
            link.case.trademarks.values_list("pk", flat=True)
        )
        assert right in rights
    owners = {"patent_invalidation": "复审和无效审理部", "trademark_invalidation": "商标局"}
    for kind, name in owners.items():
        for p in Proceeding.objects.filter(kind=kind).select_related("owner_org"):
            assert name in p.owner_org.name


def test_organisation_paths_are_consistent(tiny):
    orgs = {o.pk: o for o in Organisation.objects.all()}
    for org in orgs.values():
        expected = f"{orgs[org.parent_id].path}{org.pk}/" if org.parent_id else f"/{org.pk}/"
        assert org.path == expected, org
    spc = Organisation.objects.get(court_code="最高法")
    assert Organisation.objects.filter(path__startswith=spc.path, kind="court").count() > 100
    haidian = Organisation.objects.get(court_code="京0108")
    assert haidian.parent.court_code == "京01" and haidian.parent.parent.court_code == "京"


def test_demo_users_can_log_in(tiny, client):
    request = RequestFactory().post("/login/")
    for spec in DEMO_USERS:
        user = authenticate(request, username=spec.username, password=demo_password())
        assert user is not None and user.username == spec.username
        assert user.memberships.filter(role=spec.role).exists()
    # Through the login page too (client.login bypasses the request django-axes needs).
    response = client.post(
        reverse("core:login"), {"username": "zj_clerk", "password": demo_password()}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="zj_clerk").pk)


def test_the_same_seed_builds_the_same_world(db):
    with transaction.atomic():
        build_demo(size="tiny", seed=3)
        first = digest()
        transaction.set_rollback(True)
    with transaction.atomic():
        build_demo(size="tiny", seed=4)
        other = digest()
        transaction.set_rollback(True)
    build_demo(size="tiny", seed=3)
    assert digest() == first
    assert other != first


def test_the_command_refuses_a_database_with_data(tiny, capsys):
    with pytest.raises(CommandError, match="already holds organisations"):
        call_command("demo", "--size", "tiny")
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "bj_judge" in out and demo_password() in out and "北京知识产权法院" in out
