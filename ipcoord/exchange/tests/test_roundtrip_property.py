"""Property: for generated parties and patents, export → empty register → import is identity."""

import datetime
import random
import tempfile
from pathlib import Path

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcoord.demo.parties import make_uscc
from ipcoord.exchange.engine import export_file, import_file
from ipcoord.exchange.tests.helpers import snapshot, wipe_register
from ipcoord.registry import services as rs
from ipcoord.registry.models import PartyKind
from ipcoord.registry.tests.factories import application_number

HAN = "华为科技信息通达深圳杭州北京数据智能网络电子机械生物医药材料新能源云"
name_text = st.text(alphabet=HAN + "ABCxyz0123（）-·", min_size=2, max_size=12)
IPC = ["H04L 9/32", "G06F 21/60", "A61K 31/00", "B60L 53/00", "C07D 401/04"]


@st.composite
def registers(draw):
    names = draw(st.lists(name_text, min_size=1, max_size=5, unique=True))
    parties = [
        {
            "kind": PartyKind.LEGAL,
            "name": name,
            "uscc": make_uscc(random.Random(draw(st.integers(0, 10**6))), "110108")
            if draw(st.booleans())
            else None,
            "aliases": draw(st.lists(name_text, max_size=2, unique=True)),
            "address": draw(st.sampled_from(["", "北京市海淀区", "杭州市, 西湖区"])),
        }
        for name in names
    ]
    serials = draw(st.lists(st.integers(1, 9_999_999), max_size=5, unique=True))
    patents = []
    for serial in serials:
        year = draw(st.integers(2004, 2023))
        patents.append(
            {
                "application_number": application_number(
                    year, draw(st.sampled_from("123")), serial
                ),
                "title": draw(name_text),
                "filing_date": datetime.date(year, draw(st.integers(1, 12)), 1),
                "owners": draw(
                    st.lists(st.integers(0, len(parties) - 1), min_size=1, max_size=3, unique=True)
                ),
                "abstract": draw(st.text(alphabet=HAN + " ,\n\"'", max_size=30)).strip(),
                "ipc": draw(st.lists(st.sampled_from(IPC), max_size=3, unique=True)),
                "sealed": draw(st.booleans()),
            }
        )
    return parties, patents, draw(st.sampled_from(["csv", "xlsx", "jsonl"]))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=registers())
def test_parties_and_patents_survive_a_round_trip(world, data):
    parties, patents, fmt = data
    with transaction.atomic():
        made = []
        for p in parties:
            if p["uscc"] and any(m.uscc == p["uscc"] for m in made):
                p["uscc"] = None
            made.append(rs.party_create(actor=None, **p))
        for p in patents:
            rs.patent_record(actor=None, **{**p, "owners": [made[i] for i in p["owners"]]})
        before = snapshot()
        with tempfile.TemporaryDirectory() as tmp:
            paths = {k: Path(tmp) / f"{k}.{fmt}" for k in ("parties", "patents")}
            for kind, path in paths.items():
                export_file(kind, path, viewer=None)
            wipe_register()
            for kind, path in paths.items():
                report = import_file(kind, path, actor=None)
                assert report.applied, report.issues
            assert snapshot() == before
            for kind, path in paths.items():
                again = import_file(kind, path, actor=None)
                assert again.counts()["unchanged"] == again.total
        transaction.set_rollback(True)
