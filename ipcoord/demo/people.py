"""The demo users: one login for every role, in Beijing, Zhejiang and Guangdong and nationally.

Users and memberships are created through `core.services` (audited, 三员分立 checked). Every
demo user has the same password, `IPCOORD_DEMO_PASSWORD` or `ipcoord-demo-2026`; it is hashed
once and that hash is given to all of them, because hashing it once per user with Argon2
would cost a tenth of a second each. Usernames read as province + role: `bj_judge`,
`zj_clerk`, `cnipa_officer`, `sysadmin`.
"""

import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from faker import Faker

from ipcoord.core import services as core
from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.demo.orgs import OrgDirectory

DEFAULT_PASSWORD = "ipcoord-demo-2026"


def demo_password() -> str:
    return os.environ.get("IPCOORD_DEMO_PASSWORD") or DEFAULT_PASSWORD


@dataclass(frozen=True, slots=True)
class UserSpec:
    """A demo login: `org` is a directory key such as `court:京73`, `ipo:33`, `cnipa:patent`."""

    username: str
    org: str
    role: str
    also: tuple[tuple[str, str], ...] = ()


# Province prefix, province code, IP court, district court, expert's organisation.
_PROVINCES = (
    ("bj", "11", "京73", "京0108", "exam:11"),
    ("zj", "33", "浙01", "浙0110", "centre:3301"),
    ("gd", "44", "粤73", "粤0305", "exam:44"),
)


def _province_users() -> list[UserSpec]:
    out: list[UserSpec] = []
    for p, p2, ip_court, basic, expert_org in _PROVINCES:
        r = Role
        out += [
            UserSpec(f"{p}_judge", f"court:{ip_court}", r.JUDGE),
            UserSpec(f"{p}_clerk", f"court:{ip_court}", r.CLERK),
            UserSpec(f"{p}_admin", f"court:{ip_court}", r.ORG_ADMIN),
            UserSpec(f"{p}_high_judge", f"court:{ip_court[0]}", r.JUDGE),
            UserSpec(f"{p}_basic_judge", f"court:{basic}", r.JUDGE),
            UserSpec(f"{p}_officer", f"ipo:{p2}", r.IP_OFFICER),
            UserSpec(f"{p}_ipo_admin", f"ipo:{p2}", r.ORG_ADMIN),
            UserSpec(f"{p}_liaison", f"ipo:{p2}", r.LIAISON),
            UserSpec(f"{p}_centre", f"centre:{p2}", r.IP_OFFICER),
            UserSpec(f"{p}_mediator", f"mediation:{p2}", r.MEDIATOR),
            UserSpec(f"{p}_expert", expert_org, r.EXPERT),
            UserSpec(f"{p}_appraiser", f"appraisal:{p2}", r.APPRAISER),
        ]
    return out


DEMO_USERS: tuple[UserSpec, ...] = (
    UserSpec("spc_judge", "court:最高法", Role.JUDGE, also=(("other:spc_ipt", Role.JUDGE),)),
    UserSpec("spc_clerk", "court:最高法", Role.CLERK),
    # Also an officer of 国家知识产权局 itself: it registers courts' freeze orders.
    UserSpec(
        "cnipa_officer", "cnipa:patent", Role.IP_OFFICER, also=(("cnipa:cnipa", Role.IP_OFFICER),)
    ),
    UserSpec("cnipa_tm_officer", "cnipa:trademark", Role.IP_OFFICER),
    UserSpec("cnipa_reexam", "cnipa:reexam", Role.IP_OFFICER),
    UserSpec("cnipa_liaison", "cnipa:protection", Role.LIAISON),
    UserSpec("cnipa_admin", "cnipa:cnipa", Role.ORG_ADMIN),
    UserSpec("cn_mediator", "mediation:national", Role.MEDIATOR),
    *_province_users(),
    UserSpec("sysadmin", "other:platform", Role.SYSTEM_ADMIN),
    UserSpec("secadmin", "other:platform", Role.SECURITY_ADMIN),
    UserSpec("auditadmin", "other:platform", Role.AUDIT_ADMIN),
)


def resolve_org(directory: OrgDirectory, key: str) -> Organisation:
    group, _, name = key.partition(":")
    table = {
        "court": directory.courts,
        "cnipa": directory.cnipa,
        "ipo": directory.ip_offices,
        "centre": directory.centres,
        "mediation": directory.mediation,
        "appraisal": directory.appraisal,
        "exam": directory.examination,
        "other": directory.other,
    }[group]
    return table[name]


def build_users(
    directory: OrgDirectory, *, seed: int, progress: Callable[[str], None]
) -> dict[str, User]:
    """Create the demo users and their memberships; names come from Faker (zh_CN, seeded)."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = core.user_create(
            actor=None, username=spec.username, password=None, full_name=fake.name()
        )
        for org_key, role in ((spec.org, spec.role), *spec.also):
            core.membership_grant(
                actor=None, user=user, organisation=resolve_org(directory, org_key), role=role
            )
        users[spec.username] = user
    # One hash for all: see the module docstring.
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(
        password=make_password(demo_password())
    )
    progress(f"  demo users: {len(users)}")
    return users


@dataclass(frozen=True, slots=True)
class Login:
    username: str
    full_name: str
    organisation: str
    role: str


def demo_logins() -> list[Login]:
    """The demo users present in the database, in the order of `DEMO_USERS`."""
    order = {spec.username: i for i, spec in enumerate(DEMO_USERS)}
    memberships = (
        Membership.objects.filter(user__username__in=order)
        .select_related("user", "organisation")
        .order_by("id")
    )
    rows = [
        Login(m.user.username, m.user.full_name, m.organisation.name, m.get_role_display())
        for m in memberships
    ]
    return sorted(rows, key=lambda row: order[row.username])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A plain-text table whose columns line up with Chinese characters counted double."""
    lines = [list(header), *[list(r) for r in rows]]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(lines[0]))]

    def fmt(line: list[str]) -> str:
        cells = [c + " " * (w - _width(c)) for c, w in zip(line, widths, strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])
