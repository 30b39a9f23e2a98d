"""Import: all or nothing, every bad row reported, idempotent, through the services."""

import openpyxl

from ipcoord.cases.models import Case
from ipcoord.core.audit import audit_verify
from ipcoord.core.models import AuditEvent
from ipcoord.exchange.engine import import_file
from ipcoord.exchange.report import write_report
from ipcoord.exchange.tests.helpers import csv_file
from ipcoord.registry.models import Party, Patent
from ipcoord.registry.tests.factories import USCC_HAIDIAN, USCC_HUAWEI, application_number

PARTY_HEADER = ["主体类型", "名称", "统一社会信用代码"]
CASE_HEADER = ["案号", "案由", "立案日期", "当事人"]


def _counts():
    return Party.objects.count(), Case.objects.count(), AuditEvent.objects.count()


def test_it_imports_parties_with_chinese_headers(world, tmp_path):
    path = csv_file(
        tmp_path / "p.csv",
        PARTY_HEADER,
        [["法人或其他组织", "华为技术有限公司", USCC_HUAWEI], ["自然人", "张三", ""]],
    )
    report = import_file("parties", path, actor=None)
    assert report.applied and report.counts() == {"created": 2, "updated": 0, "unchanged": 0}
    assert Party.objects.get(uscc=USCC_HUAWEI).name == "华为技术有限公司"


def test_a_wrong_check_digit_writes_nothing_and_names_row_and_column(world, tmp_path):
    bad = USCC_HAIDIAN[:-1] + ("0" if USCC_HAIDIAN[-1] != "0" else "1")
    path = csv_file(
        tmp_path / "p.csv",
        PARTY_HEADER,
        [["法人或其他组织", "华为技术有限公司", USCC_HUAWEI], ["法人或其他组织", "某公司", bad]],
    )
    before = _counts()
    report = import_file("parties", path, actor=None)
    assert not report.applied and _counts() == before
    [issue] = report.issues
    assert (issue.row, issue.column, issue.value) == (3, "统一社会信用代码", bad)
    assert "校验位" in issue.reason


def test_bad_case_rows_are_all_reported_and_nothing_is_written(world, tmp_path):
    path = csv_file(
        tmp_path / "c.csv",
        CASE_HEADER,
        [
            ["（2023）京73民初1号", "侵害发明专利权纠纷", "2023-04-01", ""],
            ["（2023）火星01民初1号", "侵害发明专利权纠纷", "2023-04-01", ""],
            ["京73民初一号", "侵害发明专利权纠纷", "2023-04-01", ""],
            ["（2023）京73民初2号", "不存在的案由", "2023-02-30", ""],
        ],
    )
    before = _counts()
    report = import_file("cases", path, actor=None)
    assert _counts() == before and not report.applied
    by_row = {(i.row, i.column) for i in report.issues}
    assert by_row == {(3, "案号"), (4, "案号"), (5, "案由"), (5, "立案日期")}
    court = next(i for i in report.issues if i.row == 3)
    assert "法院代字" in court.reason


def test_a_service_refusal_rolls_back_every_row(world, tmp_path):
    # Row 2 is fine, row 3 names a court code that exists but no court on the platform uses.
    path = csv_file(
        tmp_path / "c.csv",
        CASE_HEADER,
        [
            ["（2023）京73民初1号", "侵害发明专利权纠纷", "2023-04-01", ""],
            ["（2023）沪73民初1号", "侵害发明专利权纠纷", "2023-04-01", ""],
        ],
    )
    before = _counts()
    report = import_file("cases", path, actor=None)
    assert _counts() == before and not report.applied
    [issue] = report.issues
    assert (issue.row, issue.column) == (3, "案号")


def test_missing_and_unknown_columns_are_reported_on_row_1(world, tmp_path):
    path = csv_file(tmp_path / "p.csv", ["名称", "颜色"], [["某公司", "红"]])
    report = import_file("parties", path, actor=None)
    assert {(i.row, i.column) for i in report.issues} == {(1, "颜色"), (1, "主体类型")}


def test_a_changed_party_is_updated_through_the_service(world, tmp_path):
    header = [*PARTY_HEADER, "地址"]
    first = csv_file(tmp_path / "a.csv", header, [["法人或其他组织", "华为", USCC_HUAWEI, ""]])
    import_file("parties", first, actor=None)
    second = csv_file(
        tmp_path / "b.csv", header, [["法人或其他组织", "华为", USCC_HUAWEI, "深圳市龙岗区"]]
    )
    report = import_file("parties", second, actor=None)
    assert report.results[0].action == "updated" and report.results[0].changed == ("address",)
    assert Party.objects.get(uscc=USCC_HUAWEI).address == "深圳市龙岗区"
    assert AuditEvent.objects.filter(action="party.update").count() == 1


def test_rd_staff_goes_in_and_a_bad_figure_is_named(world, tmp_path):
    header = [*PARTY_HEADER, "研发人员数"]
    good = csv_file(tmp_path / "a.csv", header, [["法人或其他组织", "华为", USCC_HUAWEI, "1,200"]])
    assert import_file("parties", good, actor=None).applied
    assert Party.objects.get(uscc=USCC_HUAWEI).rd_staff == 1200
    bad = csv_file(
        tmp_path / "b.csv",
        header,
        [["法人或其他组织", "海淀公司", USCC_HAIDIAN, "十几个"], ["自然人", "李四", "", "3"]],
    )
    before = _counts()
    report = import_file("parties", bad, actor=None)
    assert not report.applied and _counts() == before
    first, second = report.issues
    assert (first.row, first.column, first.value) == (2, "研发人员数", "十几个")
    assert second.row == 3 and "自然人" in second.reason


def test_a_changed_patent_is_a_conflict(world, tmp_path):
    import_file(
        "parties",
        csv_file(tmp_path / "p.csv", PARTY_HEADER, [["法人", "华为", USCC_HUAWEI]]),
        actor=None,
    )
    header = ["申请号", "名称", "申请日", "申请人（专利权人）"]
    number = application_number(2022, "1", 1)
    ok = csv_file(tmp_path / "a.csv", header, [[number, "一种方法", "2022-01-05", "华为"]])
    assert import_file("patents", ok, actor=None).applied
    changed = csv_file(tmp_path / "b.csv", header, [[number, "另一种方法", "2022-01-05", "华为"]])
    report = import_file("patents", changed, actor=None)
    assert not report.applied
    assert report.issues[0].column == "名称" and "不同" in report.issues[0].reason
    assert Patent.objects.get().title == "一种方法"


def test_permissions_of_the_importing_user_apply(world, tmp_path):
    import_file(
        "parties",
        csv_file(tmp_path / "p.csv", PARTY_HEADER, [["法人", "华为", USCC_HUAWEI]]),
        actor=None,
    )
    header = ["申请号", "名称", "申请日", "申请人（专利权人）"]
    path = csv_file(
        tmp_path / "a.csv",
        header,
        [[application_number(2022, "1", 1), "方法", "2022-01-05", "华为"]],
    )
    refused = import_file("patents", path, actor=world.hz_clerk)
    assert not refused.applied and "知识产权" in refused.issues[0].reason
    assert import_file("patents", path, actor=world.zj_officer).applied
    assert Patent.objects.get().owner_org == world.zj_ipo


def test_a_clerk_files_cases_only_for_their_court(world, tmp_path):
    path = csv_file(
        tmp_path / "c.csv",
        CASE_HEADER,
        [["（2023）京73民初1号", "不正当竞争纠纷", "2023-04-01", ""]],
    )
    assert not import_file("cases", path, actor=world.hz_clerk).applied
    assert import_file("cases", path, actor=world.bj_clerk).applied


def test_dry_run_previews_and_writes_nothing(world, tmp_path):
    path = csv_file(tmp_path / "p.csv", PARTY_HEADER, [["法人", "华为", USCC_HUAWEI]])
    before = _counts()
    report = import_file("parties", path, actor=None, dry_run=True)
    assert report.ok and not report.applied and report.counts()["created"] == 1
    assert _counts() == before


def test_the_report_is_written_as_xlsx(world, tmp_path):
    path = csv_file(tmp_path / "p.csv", PARTY_HEADER, [["法人", "", "X"]])
    report = import_file("parties", path, actor=None)
    out = tmp_path / "report.xlsx"
    write_report(report, out)
    rows = list(openpyxl.load_workbook(out).active.values)
    assert rows[0] == ("行号", "列", "值", "原因")
    assert {r[1] for r in rows[1:]} == {"名称", "统一社会信用代码"}


def test_progress_is_reported_per_row(world, tmp_path):
    path = csv_file(tmp_path / "p.csv", PARTY_HEADER, [["法人", f"公司{i}", ""] for i in range(3)])
    ticks = []
    import_file("parties", path, actor=None, progress=ticks.append)
    assert ticks == [1, 1, 1]


def test_the_rows_audit_events_join_the_chain_when_every_row_is_in(world, tmp_path):
    """Other users' writes are not held by a long file: its events wait in a spool."""
    path = csv_file(tmp_path / "p.csv", PARTY_HEADER, [["法人", f"公司{i}", ""] for i in range(3)])
    chained = []

    def tick(_n):
        chained.append(AuditEvent.objects.filter(action="party.create").count())

    report = import_file("parties", path, actor=None, progress=tick)
    assert report.applied and chained == [0, 0, 0]
    created = AuditEvent.objects.filter(action="party.create").order_by("seq")
    assert [e.after["name"] for e in created] == ["公司0", "公司1", "公司2"]
    assert audit_verify().ok


def test_the_summary_says_what_will_happen_and_what_happened(world, tmp_path):
    from django.utils import translation

    path = csv_file(
        tmp_path / "p.csv", PARTY_HEADER, [["法人或其他组织", "华为技术有限公司", USCC_HUAWEI]]
    )
    preview = import_file("parties", path, actor=None, dry_run=True)
    assert preview.summary() == "共 1 行：将新增 1，将更新 0，0 行无变化。"
    done = import_file("parties", path, actor=None)
    assert done.summary() == "共 1 行：已新增 1，已更新 0，0 行无变化。"
    with translation.override("en"):
        assert done.summary() == "1 rows: 1 created, 0 updated, 0 unchanged."
