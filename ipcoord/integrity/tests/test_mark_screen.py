"""mark_screen and finding_record: hits with the engine's reasons, protected signs, refusals."""

import pytest

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.integrity import services
from ipcoord.integrity.models import FindingKind, FindingStatus
from ipcoord.integrity.tests.factories import (
    PartyFactory,
    counts,
    kangshifu,
    lead,
    registered_trademark,
)


def test_a_look_alike_of_a_registered_mark_is_a_hit_with_the_engines_reasons(world):
    mark = kangshifu()
    run = services.mark_screen(actor=world.cnipa_officer, text="康帅傅", classes="30,32")
    [hit] = [h for h in run.hits if h["source"] == "register"]
    assert hit["trademark"] == mark.pk and hit["number"] == mark.number
    assert hit["score"] >= 0.75 and hit["class_relation"] == "same"
    assert any("「帅」与「师」形近" in r for r in hit["reasons"])
    assert hit["basis"] == "商标法第三十条"
    assert run.owner_org == world.cnipa and run.classes == [30, 32]


def test_recording_a_hit_makes_a_lead_with_the_reasons(world):
    mark = kangshifu()
    run = services.mark_screen(actor=world.cnipa_officer, text="康帅傅", classes=[30])
    n = next(i for i, h in enumerate(run.hits) if h["source"] == "register")
    finding = services.finding_record(actor=world.cnipa_officer, run=run, hit_number=n)
    assert finding.kind == FindingKind.TRADEMARK_SIMILARITY
    assert finding.status == FindingStatus.LEAD
    assert finding.matched_trademark == mark and finding.subject_text == "康帅傅"
    assert finding.reasons == run.hits[n]["reasons"] and finding.legal_basis
    again = services.finding_record(actor=world.cnipa_officer, run=run, hit_number=n)
    assert again.pk == finding.pk  # the same open lead, not a second one


def test_record_true_records_every_hit(world):
    kangshifu()
    finding = lead(world)
    assert finding.run.finding_count == len(finding.run.hits) >= 1


def test_protected_signs_are_hits_with_their_legal_basis(world):
    run = services.mark_screen(actor=world.zj_officer, text="奥林匹克牌", record=True)
    [hit] = run.hits
    assert hit["source"] == "protected" and hit["kind"] == FindingKind.PROTECTED_SIGN
    assert "商标法第十条第一款" in hit["basis"] and "特殊标志「奥林匹克」" in hit["reasons"][0]
    assert run.recorded[0].owner_org == world.zj_ipo and run.recorded[0].matched_ref == hit["ref"]


def test_an_applicants_own_earlier_mark_is_not_a_hit(world):
    mark = kangshifu()
    run = services.mark_screen(actor=world.cnipa_officer, text="康帅傅", applicant=mark.owner)
    assert not [h for h in run.hits if h["source"] == "register"]
    other = services.mark_screen(
        actor=world.cnipa_officer, text="康帅傅", applicant=PartyFactory(name="某食品公司")
    )
    assert [h for h in other.hits if h["source"] == "register"]


def test_unrelated_marks_give_no_hits(world):
    kangshifu()
    run = services.mark_screen(actor=world.cnipa_officer, text="青山绿水")
    assert run.hits == [] and run.hit_count == 0


def test_the_index_is_rebuilt_when_the_register_changes(world, settings):
    kangshifu()
    assert services.mark_screen(actor=world.cnipa_officer, text="青山绿水").hits == []
    registered_trademark(mark_text="青山绿水", nice_classes="32")
    assert services.mark_screen(actor=world.cnipa_officer, text="青山綠水").hits
    assert len(list((settings.VAR_DIR / "indexes").glob("*.pkl"))) == 1


@pytest.mark.parametrize("who", ["bj_judge", "bj_clerk", "outsider", "audit_admin"])
def test_only_ip_officers_screen_and_a_refusal_writes_nothing(world, who):
    kangshifu()
    before = counts()
    with pytest.raises(PermissionDenied):
        services.mark_screen(actor=getattr(world, who), text="康帅傅", record=True)
    assert counts() == before


@pytest.mark.parametrize(
    ("text", "classes", "code"),
    [
        ("", None, "invalid_text"),
        ("x" * 201, None, "invalid_text"),
        ("康帅傅", "30,99", "invalid_classes"),
        ("康帅傅", "a", "invalid_classes"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(world, text, classes, code):
    before = counts()
    with pytest.raises(ApplicationError) as err:
        services.mark_screen(actor=world.cnipa_officer, text=text, classes=classes)
    assert err.value.code == code and counts() == before


def test_another_office_cannot_record_from_a_run(world):
    kangshifu()
    run = services.mark_screen(actor=world.cnipa_officer, text="康帅傅")
    before = counts()
    with pytest.raises(ApplicationError):
        services.finding_record(actor=world.zj_officer, run=run, hit_number=0)
    with pytest.raises(ApplicationError):
        services.finding_record(actor=world.cnipa_officer, run=run, hit_number=7)
    assert counts() == before
