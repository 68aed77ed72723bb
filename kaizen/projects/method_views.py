"""The organisation's improvement method (choose and adapt it), its own words for statuses, and
each person's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.projects import services
from kaizen.projects.forms import (
    MethodForm,
    StageForm,
    StatusNameForm,
)
from kaizen.projects.models import (
    ImprovementMethod,
    ProjectStatus,
)
from kaizen.web import add_errors


@org_member_required(Capability.VIEW)
def project_methods(request: OrgRequest) -> HttpResponse:
    methods = ImprovementMethod.objects.filter(organisation=request.organisation).prefetch_related(
        "stages"
    )
    context = {
        "methods": methods,
        "can_manage": request.membership.can(Capability.MANAGE_METHOD),
    }
    return render(request, "projects/methods.jinja", context)


def _method_for(request: OrgRequest, method_id: int) -> ImprovementMethod:
    return get_object_or_404(ImprovementMethod, pk=method_id, organisation=request.organisation)


@org_member_required(Capability.MANAGE_METHOD)
@require_POST
def project_method_choose(request: OrgRequest, method_id: int) -> HttpResponse:
    method = _method_for(request, method_id)
    services.method_choose(method=method, by=request.user)
    messages.success(request, f"New projects now use the {method.name}.")
    return redirect("projects:project_methods", request.organisation.slug)


@org_member_required(Capability.MANAGE_METHOD)
@require_http_methods(["GET", "POST"])
def project_method_edit(request: OrgRequest, method_id: int) -> HttpResponse:
    method = _method_for(request, method_id)
    stages = list(method.stages.all())
    data = request.POST or None
    form = MethodForm(data, initial={"tools": method.tools, "checks": method.checks})
    stage_forms = [
        StageForm(
            data,
            prefix=f"stage-{stage.pk}",
            initial={"name": stage.name, "required_fields": stage.required_fields},
        )
        for stage in stages
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in stage_forms):
        try:
            services.method_update(
                method=method,
                by=request.user,
                tools=form.cleaned_data["tools"],
                checks=form.cleaned_data["checks"],
                stages=[
                    (stage, f.cleaned_data["name"], f.cleaned_data["required_fields"])
                    for stage, f in zip(stages, stage_forms, strict=True)
                ],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the {method.name} template.")
            return redirect("projects:project_methods", request.organisation.slug)
    return render(
        request,
        "projects/method_form.jinja",
        {
            "method": method,
            "form": form,
            "stage_forms": list(zip(stages, stage_forms, strict=True)),
        },
    )


SETTINGS_FORMS = {"status": StatusNameForm}


@org_member_required(Capability.MANAGE_METHOD)
@require_http_methods(["GET", "POST"])
def project_settings(request: OrgRequest) -> HttpResponse:
    """The organisation's own words for its projects' statuses (priorities and programmes are on
    the strategy page)."""
    organisation = request.organisation
    statuses = list(ProjectStatus.objects.filter(organisation=organisation))
    action = request.POST.get("action", "")
    forms = {
        key: form(prefix=key, organisation=organisation) for key, form in SETTINGS_FORMS.items()
    }
    renames = {
        s.pk: StatusNameForm(instance=s, prefix=f"status-{s.pk}", organisation=organisation)
        for s in statuses
    }
    if request.method == "POST":
        if action in forms:
            bound = SETTINGS_FORMS[action](request.POST, prefix=action, organisation=organisation)
            forms[action] = bound
        else:
            status = next((s for s in statuses if f"status-{s.pk}" == action), None)
            if status is None:
                return redirect("projects:project_settings", organisation.slug)
            bound = StatusNameForm(
                request.POST, instance=status, prefix=action, organisation=organisation
            )
            renames[status.pk] = bound
        if bound.is_valid():
            saved = bound.save()
            messages.success(request, f"Saved “{saved}”.")
            return redirect("projects:project_settings", organisation.slug)
    context = {
        "forms": forms,
        "renames": [(s, renames[s.pk]) for s in statuses],
    }
    return render(request, "projects/settings.jinja", context)
