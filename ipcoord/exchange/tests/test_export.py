"""Exports hold only what the viewer may see, in either header language."""

import io

from ipcoord.exchange.engine import export_file, export_rows
from ipcoord.exchange.formats import read_table
from ipcoord.exchange.tests.helpers import sample_register


def _numbers(kind, viewer, **filters):
    _headers, keys, rows = export_rows(kind, viewer=viewer, filters=filters)
    return {row[keys.index("number")] for row in rows}


def test_it_leaves_out_sealed_and_other_courts_cases_for_hz_clerk(world):
    sample_register(world)
    assert _numbers("cases", world.hz_clerk) == {"（2024）浙01民初7号"}


def test_it_gives_the_owning_court_its_sealed_case(world):
    sample_register(world)
    assert _numbers("cases", world.bj_clerk) == {"（2023）京73民初100号", "（2023）京73民初101号"}


def test_the_operator_sees_everything_and_filters_apply(world):
    sample_register(world)
    assert len(_numbers("cases", None)) == 3
    assert _numbers("cases", None, status="closed") == {"（2023）京73民初100号"}


def test_an_outsider_exports_no_cases(world):
    sample_register(world)
    assert _numbers("cases", world.outsider) == set()


def test_sealed_rights_are_left_out_for_others(world):
    from ipcoord.registry import services as rs
    from ipcoord.registry.models import Party
    from ipcoord.registry.tests.factories import application_number

    sample_register(world)
    rs.patent_record(
        actor=None,
        application_number=application_number(2023, "1", 777),
        title="保密专利",
        filing_date=__import__("datetime").date(2023, 1, 1),
        owners=[Party.objects.first()],
        sealed=True,
        owner_org=world.zj_ipo,
    )
    _h, keys, rows = export_rows("patents", viewer=world.hz_clerk)
    titles = {r[keys.index("title")] for r in rows}
    assert "保密专利" not in titles and "一种通信方法" in titles
    _h, keys, rows = export_rows("patents", viewer=world.zj_officer)
    assert "保密专利" in {r[keys.index("title")] for r in rows}


def test_english_headers_and_codes(world):
    sample_register(world)
    buffer = io.BytesIO()
    export_file("cases", buffer, viewer=None, lang="en", fmt="csv")
    buffer.seek(0)
    table = read_table(buffer, name="x.csv")
    assert table.header[:3] == ["Case number", "Cause", "Filing date"]
    assert table.rows[0][1][1] == "patent_infringement"
