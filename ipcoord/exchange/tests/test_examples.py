"""The example files in examples/ import cleanly, in the documented order."""

from pathlib import Path

from ipcoord.exchange.engine import import_file
from ipcoord.exchange.tests.helpers import ORDER

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_examples_import_in_order(world):
    for kind in ("organisations", *ORDER):
        report = import_file(kind, EXAMPLES / f"{kind}.csv", actor=None)
        assert report.applied, (kind, report.issues)
    again = import_file("cases", EXAMPLES / "cases.csv", actor=None)
    assert again.counts()["unchanged"] == again.total == 3
