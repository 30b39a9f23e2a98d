"""The `ipcoord import` and `ipcoord export` commands."""

import pytest
from django.core.management import CommandError, call_command

from ipcoord.cases.models import Case
from ipcoord.exchange.tests.helpers import csv_file, sample_register
from ipcoord.registry.models import Party
from ipcoord.registry.tests.factories import USCC_HUAWEI


def test_export_as_a_user_then_import_dry_run(world, tmp_path, capsys):
    sample_register(world)
    out = tmp_path / "cases.xlsx"
    call_command("export", "cases", str(out), "--as", "hz_clerk")
    assert "1 cases" in capsys.readouterr().out
    call_command("import", "cases", str(out), "--dry-run")
    assert "1 行无变化" in capsys.readouterr().out


def test_import_refusal_exits_with_the_report(world, tmp_path):
    path = csv_file(
        tmp_path / "p.csv", ["主体类型", "名称", "统一社会信用代码"], [["法人", "某", "123"]]
    )
    report = tmp_path / "report.xlsx"
    with pytest.raises(CommandError):
        call_command("import", "parties", str(path), "--report", str(report))
    assert report.exists() and Party.objects.count() == 0


def test_import_as_a_user_applies_their_permissions(world, tmp_path):
    path = csv_file(
        tmp_path / "c.csv",
        ["Case number", "Cause", "Filing date"],
        [["(2023)京73民初5号", "unfair_competition", "2023-03-03"]],
    )
    with pytest.raises(CommandError):
        call_command("import", "cases", str(path), "--as", "hz_clerk", "--lang", "en")
    call_command("import", "cases", str(path), "--as", "bj_clerk")
    assert Case.objects.get().number == "（2023）京73民初5号"


def test_import_parties_from_the_command_line(world, tmp_path, capsys):
    path = csv_file(
        tmp_path / "p.csv",
        ["主体类型", "名称", "统一社会信用代码"],
        [["法人", "华为", USCC_HUAWEI]],
    )
    call_command("import", "parties", str(path))
    assert "新增 1" in capsys.readouterr().out


def test_unknown_user_is_refused(world, tmp_path):
    path = csv_file(tmp_path / "p.csv", ["名称"], [["x"]])
    with pytest.raises(CommandError):
        call_command("import", "parties", str(path), "--as", "nobody")
