"""Pages of the register-wide screens: abnormal patent applications and malicious litigation.

Both are for IP officers (others get 404, as for the trademark screening page). The page
lists the kind's leads with the findings list's rows and the office's recent runs; a POST
starts a run (the patent screen in the background worker, litigation at once).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.views import render_list
from ipcoord.integrity import selectors, services
from ipcoord.integrity.models import FindingKind, FindingStatus, RunSource

PAGES = {
    "patents": (FindingKind.ABNORMAL_PATENT, RunSource.PATENTS),
    "litigation": (FindingKind.MALICIOUS_LITIGATION, RunSource.LITIGATION),
}


def _page(request: HttpRequest, which: str) -> HttpResponse:
    if not selectors.officer_org_ids(request.user):
        raise Http404
    kind, source = PAGES[which]
    if request.method == "POST":
        try:
            if which == "patents":
                services.patent_register_screen(actor=request.user)
                messages.success(request, _("已开始甄别专利登记簿，完成后线索会显示在本页。"))
            else:
                run = services.litigation_screen(actor=request.user)
                messages.success(
                    request,
                    _("甄别完成：发现 %(n)d 个迹象，新记录 %(new)d 条线索。")
                    % {"n": run.hit_count, "new": run.finding_count},
                )
        except ApplicationError as err:
            messages.error(request, err.message)
        return redirect(f"integrity:{which}")
    status = request.GET.get("status", "")
    qs = selectors.finding_list_for(
        user=request.user,
        kind=kind,
        status=status if status in FindingStatus.values else None,
    )
    runs = selectors.run_list_for(user=request.user).filter(source=source)[:5]
    return render_list(
        request,
        "integrity/register_screen.html",
        qs,
        which=which,
        title=FindingKind(kind).label,
        runs=runs,
        statuses=FindingStatus.choices,
        status=status,
    )


@login_required
def patents(request: HttpRequest) -> HttpResponse:
    """Abnormal patent applications: start a register screen and review its leads."""
    return _page(request, "patents")


@login_required
def litigation(request: HttpRequest) -> HttpResponse:
    """Malicious litigation: screen the cases register and review its leads."""
    return _page(request, "litigation")
