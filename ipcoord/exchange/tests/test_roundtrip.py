"""Export then import into an empty register gives the same register, in every format."""

import pytest

from ipcoord.core.models import AuditEvent
from ipcoord.exchange.engine import export_file, import_file
from ipcoord.exchange.tests.helpers import ORDER, sample_register, snapshot, wipe_register


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_it_round_trips_the_register(world, tmp_path, fmt):
    sample_register(world)
    before = snapshot()
    files = {}
    for kind in ORDER:
        files[kind] = tmp_path / f"{kind}.{fmt}"
        export_file(kind, files[kind], viewer=None, lang="zh" if fmt != "xlsx" else "en")
    wipe_register()
    for kind in ORDER:
        report = import_file(kind, files[kind], actor=None)
        assert report.ok, (kind, report.issues)
        assert report.applied
    assert snapshot() == before


def test_it_reimports_unchanged_without_audit_events(world, tmp_path):
    sample_register(world)
    files = {}
    for kind in ("organisations", *ORDER):
        files[kind] = tmp_path / f"{kind}.csv"
        export_file(kind, files[kind], viewer=None)
    audit_before = AuditEvent.objects.count()
    for kind, path in files.items():
        report = import_file(kind, path, actor=None)
        assert report.ok, (kind, report.issues)
        counts = report.counts()
        assert counts["created"] == counts["updated"] == 0, (kind, report.results)
        assert counts["unchanged"] == report.total
    assert AuditEvent.objects.count() == audit_before
