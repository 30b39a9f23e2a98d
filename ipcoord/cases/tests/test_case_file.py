import datetime

import pytest

from ipcoord.cases import services
from ipcoord.cases.models import Case, CaseRole, Cause, Nature, Procedure
from ipcoord.cases.tests.factories import CaseFactory, PartyFactory, granted_patent, member
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Role

D = datetime.date(2024, 7, 1)


def file(actor, number, **kw):
    kw.setdefault("cause", Cause.PATENT_INFRINGEMENT)
    kw.setdefault(
        "filing_date", datetime.date(int(number[1:5]), 7, 1) if number[1:5].isdigit() else D
    )
    return services.case_file(actor=actor, number=number, **kw)


def test_it_files_a_case_parsing_the_number(world):
    plaintiff, defendant = PartyFactory(), PartyFactory()
    patent = granted_patent()
    case = file(
        world.bj_clerk,
        "(2024) 京73知民初 77 号",
        parties=[(plaintiff, CaseRole.PLAINTIFF), (defendant, CaseRole.DEFENDANT)],
        patents=[patent],
        summary="侵权",
    )
    assert case.number == "（2024）京73知民初77号"
    assert case.raw_number == "(2024) 京73知民初 77 号"
    assert (case.year, case.court_code, case.type_code, case.serial) == (2024, "京73", "知民初", 77)
    assert case.procedure == Procedure.FIRST_INSTANCE and case.nature == Nature.CIVIL
    assert case.owner_org == world.bj_ip_court
    assert list(case.patents.all()) == [patent]
    assert set(case.case_parties.values_list("party_id", "role")) == {
        (plaintiff.pk, CaseRole.PLAINTIFF),
        (defendant.pk, CaseRole.DEFENDANT),
    }
    event = AuditEvent.objects.get(action="case.file", object_id=str(case.pk))
    assert event.actor == world.bj_clerk and event.organisation == world.bj_ip_court
    assert event.after["patents"] == [patent.pk]


@pytest.mark.parametrize(
    ("number", "part", "reason", "words"),
    [
        ("2024京73民初1号", "format", "bad_format", "格式"),
        ("（24）京73民初1号", "year", "bad_year", "年度"),
        ("（1900）京73民初1号", "year", "year_out_of_range", "年度"),
        ("（2024）京73民初号", "serial", "missing_serial", "序号"),
        ("（2024）京73 1号", "type_code", "missing_type_code", "类型代字"),
        ("（2024）京99999民初1号", "court_code", "unknown_court_code", "法院代字"),
        ("（2024）京73民xx初1号", "type_code", "unknown_type_code", "类型代字"),
        ("（2024）京73民初0号", "serial", "bad_serial", "序号"),
        ("（2024）京73民初字第1号", "format", "old_form_after_2016", "字第"),
        ("（2015）京73知民初58号", "year", "new_form_before_2016", "字第"),
        ("（2024）京73知民初1号之一", "suffix", "ruling_suffix", "之一"),
    ],
)
def test_it_refuses_a_bad_number_naming_the_part(world, number, part, reason, words):
    with pytest.raises(ApplicationError) as err:
        file(world.bj_clerk, number)
    assert err.value.code == "invalid_case_number"
    assert err.value.extra["part"] == part and err.value.extra["reason"] == reason
    assert words in err.value.message
    assert not Case.objects.exists()


def test_a_clerk_files_only_for_their_own_court(world):
    with pytest.raises(PermissionDenied) as err:
        file(world.hz_clerk, "（2024）京73知民初1号")
    assert err.value.code == "not_court_member"
    with pytest.raises(PermissionDenied):
        file(world.cnipa_officer, "（2024）京73知民初1号")
    with pytest.raises(PermissionDenied):
        file(world.outsider, "（2024）浙01知民初1号")
    assert file(world.hz_clerk, "（2024）浙01知民初1号").owner_org == world.hz_inter


def test_a_court_passed_must_own_the_code(world):
    with pytest.raises(ApplicationError) as err:
        file(None, "（2024）京73知民初1号", court=world.hz_inter)
    assert err.value.code == "court_code_mismatch"
    assert (
        file(None, "（2024）京73知民初1号", court=world.bj_ip_court).owner_org == world.bj_ip_court
    )


def test_a_known_code_without_a_court_on_the_platform_is_refused(world):
    with pytest.raises(ApplicationError) as err:
        file(None, "（2024）沪73知民初1号")
    assert err.value.code == "unknown_court"


def test_duplicate_numbers_are_refused_however_typed(world):
    file(world.bj_clerk, "（2024）京73知民初5号")
    with pytest.raises(ApplicationError) as err:
        file(world.bj_judge, "(2024)京73知民初5号")
    assert err.value.code == "duplicate_case"


def test_filing_date_must_be_in_the_numbers_year_and_not_in_the_future(world):
    with pytest.raises(ApplicationError) as err:
        file(world.bj_clerk, "（2024）京73知民初1号", filing_date=datetime.date(2023, 12, 30))
    assert err.value.code == "filing_year_mismatch"
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ApplicationError) as err:
        file(world.bj_clerk, f"（{future.year}）京73知民初1号", filing_date=future)
    assert err.value.code == "date_in_future"


def test_unknown_cause_and_role_are_refused(world):
    with pytest.raises(ApplicationError) as err:
        file(world.bj_clerk, "（2024）京73知民初1号", cause="nonsense")
    assert err.value.code == "unknown_cause"
    with pytest.raises(ApplicationError) as err:
        file(world.bj_clerk, "（2024）京73知民初1号", parties=[(PartyFactory(), "boss")])
    assert err.value.code == "unknown_case_role"


def test_appeal_chain_first_instance_to_spc(world):
    patent = granted_patent()
    first = file(None, "（2020）浙01知民初277号", patents=[patent])
    appeal = file(None, "（2021）最高法知民终2270号", previous_instance=first)
    assert appeal.previous_instance == first
    assert appeal.procedure == Procedure.SECOND_INSTANCE
    assert appeal.owner_org == world.spc
    # The appeal names the same patent as the first instance when none is given.
    assert list(appeal.patents.all()) == [patent]


def test_a_high_court_judge_files_an_appeal_on_a_case_below(world):
    first = file(world.hz_clerk, "（2023）浙01知民初9号")
    appeal = file(world.zj_high_judge, "（2024）浙知民终3号", previous_instance=first)
    assert appeal.previous_instance == first


@pytest.mark.parametrize(
    ("previous", "number", "problem"),
    [
        ("（2024）浙01知民初1号", "（2023）最高法知民终1号", "年度"),
        ("（2023）最高法知民终1号", "（2024）浙01知民初2号", "审级"),
        ("（2023）浙01知民终1号", "（2024）最高法知民终2号", "一审"),
        ("（2023）浙01行初1号", "（2024）最高法知民终2号", "一审"),
    ],
)
def test_a_bad_previous_instance_is_refused(world, previous, number, problem):
    earlier = file(None, previous)
    with pytest.raises(ApplicationError) as err:
        file(None, number, previous_instance=earlier)
    assert err.value.code == "bad_previous_instance"
    assert problem in err.value.message


def test_a_previous_instance_the_filer_cannot_see_is_refused(world):
    hidden = file(None, "（2023）京0108知民初1号")
    with pytest.raises(ApplicationError) as err:
        file(world.bj_clerk, "（2024）京73知民终1号", previous_instance=hidden)
    assert err.value.code == "previous_not_visible"
    bj_high_judge = member("bj_high_judge", world.bj_high, Role.JUDGE)
    appeal = file(bj_high_judge, "（2024）京知民终1号", previous_instance=hidden)
    assert appeal.previous_instance == hidden


def test_factory_builds_a_case(world):
    case = CaseFactory()
    assert case.owner_org == world.bj_ip_court
