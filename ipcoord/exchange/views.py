"""Pages of the data line: import (upload, preview, confirm, progress, report) and
"export what I see". Writes go through the services; jobs are reached through access.py."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.tables import CONTENT_TYPES
from ipcoord.core.tables import XLSX_CONTENT_TYPE as XLSX
from ipcoord.core.views import paginate
from ipcoord.exchange import access, selectors, services
from ipcoord.exchange.engine import export_file
from ipcoord.exchange.forms import ImportUploadForm
from ipcoord.exchange.kinds import KINDS
from ipcoord.exchange.report import write_report

# The list pages' filter names, as the kinds' querysets take them.
EXPORT_FILTERS = ("q", "status", "kind", "cause", "nature", "court_code", "ipc", "nice_class")
SHOWN_RESULTS = 500


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """The upload form (with a choice of organisation for a user who imports for several)
    and the recent jobs of all the user's importing organisations."""
    organisations = access.require_importer(request.user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_upload(
                actor=request.user,
                organisation=form.chosen_organisation(),
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            return redirect("exchange:import_job", pk=job.pk)
    ctx = paginate(request, selectors.import_job_list_for(user=request.user), 20)
    for job in ctx["page_obj"]:
        job.kind_label = _kind_label(job.kind)
    ctx.update(form=form, organisations=organisations, several_orgs=len(organisations) > 1)
    return render(request, "exchange/import_start.html", ctx)


def _kind_label(name: str) -> str:
    return str(KINDS[name].label) if name in KINDS else name


def _job_context(job) -> dict:
    done, total = services.import_job_progress(job)
    report = job.report or {}
    results = report.get("results", [])
    return {
        "job": job,
        "done": done,
        "total": total or job.total_rows,
        "percent": int(100 * done / total) if total else 0,
        "issues": report.get("issues", []),
        "results": results[:SHOWN_RESULTS],
        "more_results": max(0, len(results) - SHOWN_RESULTS),
        "kind_label": _kind_label(job.kind),
        "stalled": services.import_job_stalled(job),
        "stall_minutes": int(services.stall_after().total_seconds() // 60),
    }


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview (before confirming), progress (while running) or the result of one job."""
    job = access.get_job_for(request.user, pk)
    return render(request, "exchange/import_job.html", _job_context(job))


@login_required
def import_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress card, polled by htmx every 2 s; once the job settles, reload the page."""
    job = access.get_job_for(request.user, pk)
    if not job.is_active and request.htmx:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return render(request, "exchange/_import_progress.html", _job_context(job))


@login_required
@require_POST
def import_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for(request.user, pk)
    try:
        job = services.import_job_confirm(actor=request.user, job=job)
    except ApplicationError as err:
        messages.error(request, err.message)
    else:
        if job.background:
            messages.info(request, _("已开始在后台导入，本页会显示进度。"))
    return redirect("exchange:import_job", pk=job.pk)


@login_required
@require_POST
def import_job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a stalled preview or import again (its runner died; nothing was written)."""
    job = access.get_job_for(request.user, pk)
    try:
        services.import_job_restart(actor=request.user, job=job)
    except ApplicationError as err:
        messages.error(request, err.message)
    else:
        messages.info(request, _("已重新开始，本页会显示进度。"))
    return redirect("exchange:import_job", pk=job.pk)


@login_required
def import_job_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's row-by-row report (or its errors) as XLSX."""
    job = access.get_job_for(request.user, pk)
    out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_report(services.report_of(job), out)
    out.seek(0)
    name = f"import-report-{job.pk}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


def _export_filters(request: HttpRequest) -> dict:
    g = request.GET
    filters: dict = {k: g.get(k, "").strip() or None for k in EXPORT_FILTERS}
    year = g.get("year", "").strip()
    filters["year"] = int(year) if year.isdigit() else None
    return filters


@login_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """What the user sees on a list page, as a file `ipcoord import` takes back unchanged."""
    if kind not in KINDS:
        raise Http404
    fmt = request.GET.get("fmt", "xlsx")
    if fmt not in CONTENT_TYPES:
        fmt = "xlsx"
    current = translation.get_language() or "zh-hans"
    lang = request.GET.get("lang") or ("zh" if current.startswith("zh") else "en")
    lang = "en" if lang.startswith("en") else "zh"
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    try:
        export_file(
            kind, out, viewer=request.user, lang=lang, filters=_export_filters(request), fmt=fmt
        )
    except ApplicationError as err:
        out.close()
        messages.error(request, err.message)
        return redirect("core:dashboard")
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{kind}-{stamp}.{fmt}"
    return FileResponse(out, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
