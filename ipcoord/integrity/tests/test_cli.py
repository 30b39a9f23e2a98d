"""The `ipcoord screen …` console commands: which go to the engine, which to Django."""

import json

import pytest

from ipcoord.cli import main
from ipcoord.integrity.models import Finding
from ipcoord.integrity.tests.factories import kangshifu


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # a management command run from the console closes every connection when it ends; the
    # test's transaction must outlive it
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def test_screen_mark_searches_the_protected_lists_and_the_register(world, capsys):
    mark = kangshifu()
    assert main(["ipcoord", "screen", "mark", "康帅傅", "--classes", "30"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["source"] for h in hits] == ["protected", "register"]
    assert hits[1]["number"] == mark.number and hits[1]["class_relation"] == "same"
    assert any("「帅」与「师」形近" in r for r in hits[1]["reasons"])


def test_screen_mark_refuses_bad_classes(world):
    with pytest.raises(SystemExit):
        main(["ipcoord", "screen", "mark", "康帅傅", "--classes", "99"])


def test_screen_compare_needs_no_database(capsys):
    assert main(["ipcoord", "screen", "compare", "8号", "八号"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["similar"] is True and got["reasons"][0].startswith("读音相同 ba hao")


def test_screen_litigation_reaches_the_management_command(world, capsys):
    assert main(["ipcoord", "screen", "litigation", "--as", world.cnipa_officer.username]) == 0
    assert "done" in capsys.readouterr().out
    assert not Finding.objects.exists()
