"""A small named world for tests: organisations and users for each role in two provinces.

Built through the services, like real data, so tests exercise the same rules.
"""

from dataclasses import dataclass

from ipcoord.core import services as core
from ipcoord.core.models import Organisation, OrgKind, OrgLevel, Region, Role, User

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    spc: Organisation
    bj_high: Organisation
    bj_ip_court: Organisation
    bj_haidian: Organisation
    zj_high: Organisation
    hz_inter: Organisation
    cnipa: Organisation
    zj_ipo: Organisation
    outsider_org: Organisation
    platform: Organisation
    bj_judge: User
    bj_clerk: User
    hz_clerk: User
    zj_high_judge: User
    cnipa_officer: User
    zj_officer: User
    outsider: User
    system_admin: User
    security_admin: User
    audit_admin: User
    haidian_judge: User


def _user(username: str, org: Organisation, role: str, full_name: str) -> User:
    user = core.user_create(actor=None, username=username, password=PASSWORD, full_name=full_name)
    core.membership_grant(actor=None, user=user, organisation=org, role=role)
    return user


def build_world() -> World:
    for code, name in [("yrd", "长三角"), ("bohai", "环渤海"), ("gba", "粤港澳大湾区")]:
        Region.objects.get_or_create(code=code, defaults={"name": name})
    c, lv = OrgKind, OrgLevel
    spc = core.organisation_create(
        actor=None, name="最高人民法院", kind=c.COURT, level=lv.NATIONAL, court_code="最高法"
    )
    bj_high = core.organisation_create(
        actor=None,
        name="北京市高级人民法院",
        kind=c.COURT,
        level=lv.PROVINCIAL,
        parent=spc,
        court_code="京",
        division_code="110000",
        regions=["bohai"],
    )
    bj_ip = core.organisation_create(
        actor=None,
        name="北京知识产权法院",
        kind=c.COURT,
        level=lv.PREFECTURAL,
        parent=bj_high,
        court_code="京73",
        division_code="110000",
    )
    bj_hd = core.organisation_create(
        actor=None,
        name="北京市海淀区人民法院",
        kind=c.COURT,
        level=lv.COUNTY,
        parent=bj_high,
        court_code="京0108",
        division_code="110108",
    )
    zj_high = core.organisation_create(
        actor=None,
        name="浙江省高级人民法院",
        kind=c.COURT,
        level=lv.PROVINCIAL,
        parent=spc,
        court_code="浙",
        division_code="330000",
        regions=["yrd"],
    )
    hz = core.organisation_create(
        actor=None,
        name="杭州市中级人民法院",
        kind=c.COURT,
        level=lv.PREFECTURAL,
        parent=zj_high,
        court_code="浙01",
        division_code="330100",
        regions=["yrd"],
    )
    cnipa = core.organisation_create(
        actor=None, name="国家知识产权局", kind=c.IP_ADMIN, level=lv.NATIONAL
    )
    zj_ipo = core.organisation_create(
        actor=None,
        name="浙江省知识产权局",
        kind=c.IP_ADMIN,
        level=lv.PROVINCIAL,
        parent=cnipa,
        division_code="330000",
    )
    other = core.organisation_create(
        actor=None, name="某调解中心", kind=c.MEDIATION, level=lv.PREFECTURAL
    )
    plat = core.organisation_create(
        actor=None, name="平台运营中心", kind=c.PLATFORM, level=lv.NATIONAL
    )
    return World(
        spc=spc,
        bj_high=bj_high,
        bj_ip_court=bj_ip,
        bj_haidian=bj_hd,
        zj_high=zj_high,
        hz_inter=hz,
        cnipa=cnipa,
        zj_ipo=zj_ipo,
        outsider_org=other,
        platform=plat,
        bj_judge=_user("bj_judge", bj_ip, Role.JUDGE, "王法官"),
        bj_clerk=_user("bj_clerk", bj_ip, Role.CLERK, "李书记员"),
        hz_clerk=_user("hz_clerk", hz, Role.CLERK, "陈书记员"),
        zj_high_judge=_user("zj_high_judge", zj_high, Role.JUDGE, "周法官"),
        cnipa_officer=_user("cnipa_officer", cnipa, Role.IP_OFFICER, "赵审查员"),
        zj_officer=_user("zj_officer", zj_ipo, Role.IP_OFFICER, "钱科长"),
        outsider=_user("outsider", other, Role.MEDIATOR, "孙调解员"),
        system_admin=_user("sysadmin", plat, Role.SYSTEM_ADMIN, "系统管理员"),
        security_admin=_user("secadmin", plat, Role.SECURITY_ADMIN, "安全管理员"),
        audit_admin=_user("auditadmin", plat, Role.AUDIT_ADMIN, "审计管理员"),
        haidian_judge=_user("hd_judge", bj_hd, Role.JUDGE, "吴法官"),
    )
