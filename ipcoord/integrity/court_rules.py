"""Courts' notices of bad faith (法院通报): what they are made of, in one place.

A court that finds, in its own case, that a party acted in bad faith (a suit found abusive,
a malicious trademark registration relied on in the judgment, an abnormal patent used to
sue) tells the IP administrations. The notice is an integrity `Finding` owned by the court,
with `rule = COURT_NOTICE`, confirmed when recorded: the court's decision is the
confirmation. So it is shown where confirmed findings are shown (the party's page, the
findings list, the patent's page), can be cited by a dishonesty-list proposal, and feeds the
litigation signals. Its judgment and rights are kept in `evidence` (keys below).
"""

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import Organisation, OrgKind
from ipcoord.core.selectors import national_ip_admin
from ipcoord.integrity.models import Finding, FindingKind

COURT_NOTICE = "court_notice"
# The rule of a lead an IP office opens from a court's notice (its own follow-up).
FROM_COURT_NOTICE = "from_court_notice"

# The kinds a court may notify, with the words a court uses (FindingKind's labels are the
# screening's: "恶意诉讼迹象" is a sign; a court's judgment found malicious litigation).
COURT_KINDS: dict[str, Any] = {
    FindingKind.MALICIOUS_LITIGATION: _("恶意诉讼"),
    FindingKind.MALICIOUS_REGISTRATION: _("恶意商标注册"),
    FindingKind.ABNORMAL_PATENT: _("非正常专利申请"),
    FindingKind.OTHER: _("其他恶意行为"),
}

# evidence keys of a court notice
DOCUMENT = "document"
DECISION_DATE = "decision_date"
CASES = "cases"
PATENTS = "patents"
TRADEMARKS = "trademarks"


def court_notice_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}rule": COURT_NOTICE})


def is_court_notice(finding: Finding) -> bool:
    return finding.rule == COURT_NOTICE


def kind_label(finding: Finding) -> str:
    """The kind in a court's words for a notice, the screening's label otherwise."""
    if is_court_notice(finding) and finding.kind in COURT_KINDS:
        return str(COURT_KINDS[finding.kind])
    return str(finding.get_kind_display())


def document(finding: Finding) -> str:
    return str((finding.evidence or {}).get(DOCUMENT, ""))


def decision_date(finding: Finding) -> datetime.date | None:
    raw = (finding.evidence or {}).get(DECISION_DATE)
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None


def provincial_ip_office(court: Organisation) -> Organisation | None:
    """The provincial IP administration of the court's province (same first two digits of the
    division code, level provincial), if the platform has one."""
    code = court.division_code or ""
    if len(code) != 6:
        return None
    return (
        Organisation.objects.filter(
            kind=OrgKind.IP_ADMIN, is_active=True, division_code=f"{code[:2]}0000"
        )
        .exclude(parent__isnull=True)
        .order_by("id")
        .first()
    )


def default_addressees(court: Organisation) -> list[Organisation]:
    """CNIPA and the provincial IP office of the court's province, those that exist."""
    found = [national_ip_admin(), provincial_ip_office(court)]
    return [o for o in found if o is not None]


def ip_admins():
    """The IP administrations a notice may be sent to (active ones, national first)."""
    return Organisation.objects.filter(kind=OrgKind.IP_ADMIN, is_active=True).order_by(
        "path", "name"
    )
