"""The glue every views module shares, so each thing is done one way.

- A service refuses with ValidationError (a stale edit is one: kaizen.changes.StaleEdit);
  ``add_errors`` shows it on the form, or ``post_action`` as a message for buttons.
- A role that may not do something gets PermissionDenied, which Django renders with the styled
  templates/403.html, never a bare string.
- Decorators in one order: the organisation guard (``org_member_required``) first, then the
  HTTP method (``require_POST``...), so an outsider gets 404 whatever the method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's errors on the form: by field where the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def form_error_text(form: BaseForm) -> str:
    """A form's errors as one message, for a button-sized form that redirects back."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def post_action(
    request: HttpRequest,
    target: Any,
    action: Callable[[], object],
    success: str | Callable[[], str],
) -> HttpResponse:
    """Run a button's action and go back to ``target`` (anything redirect() takes), saying
    what happened (``success``, or a function giving it once the action is done), or why not,
    instead of failing."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success if isinstance(success, str) else success())
    return redirect(target)


def post_form(
    request: HttpRequest,
    target: Any,
    form: BaseForm,
    action: Callable[[dict[str, Any]], object],
    success: str | Callable[[], str],
) -> HttpResponse:
    """A button-sized form that goes back to ``target``: its errors as one message, or
    ``action`` run with its cleaned data as ``post_action`` runs it."""
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(target)
    data = form.cleaned_data
    return post_action(request, target, lambda: action(data), success)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for its CSRF token, on the styled page (settings.CSRF_FAILURE_VIEW):
    Django's own view renders without the request, so without the layout's navigation."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The styled 500 page (kaizen/urls.py handler500), or plain text if even that fails, so
    that an error in the layout cannot hide the first one."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # any failure here must still answer with a 500
        return HttpResponse(
            "Sorry, there is a problem with the service. Try again later.",
            status=500,
            content_type="text/plain",
        )
