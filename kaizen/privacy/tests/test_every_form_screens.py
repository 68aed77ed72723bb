"""Every form in Kaizen screens its text fields, and a refused text is never stored."""

from __future__ import annotations

import importlib
import importlib.util
import inspect

import pytest
from django import forms
from django.apps import apps
from django.test import Client

from kaizen.accounts.models import Organisation, User, ValueStream
from kaizen.privacy.forms import ScreenedForm


def form_modules() -> list[str]:
    """Every Kaizen app's forms module, so a new app's forms are held to the rule too."""
    names = [
        f"{app.name}.forms" for app in apps.get_app_configs() if app.name.startswith("kaizen.")
    ]
    return [name for name in names if importlib.util.find_spec(name) is not None]


def every_form() -> list[type[forms.BaseForm]]:
    found = []
    for name in form_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                found.append(cls)
    return found


@pytest.mark.parametrize("form_class", every_form(), ids=lambda cls: cls.__qualname__)
def test_every_form_is_screened(form_class: type[forms.BaseForm]) -> None:
    assert issubclass(form_class, ScreenedForm)


def test_a_value_stream_description_with_a_date_of_birth_is_refused_and_not_stored(
    client: Client, admin_user: User, org: Organisation
) -> None:
    client.force_login(admin_user)
    r = client.post(
        f"/o/{org.slug}/settings/value-streams/",
        {"name": "Frailty", "description": "Patient DOB 01/02/1950 lives SW1A 1AA"},
    )
    assert r.status_code == 200
    assert "“DOB 01/02/1950” looks like a date of birth" in r.content.decode()
    assert not ValueStream.objects.filter(organisation=org).exists()


def test_a_configured_hospital_number_is_refused(
    client: Client, admin_user: User, org: Organisation
) -> None:
    org.hospital_number_pattern = r"RX\d{7}"
    org.save()
    client.force_login(admin_user)
    data = {"name": "Flow", "description": "Delayed: RX1234567"}
    r = client.post(f"/o/{org.slug}/settings/value-streams/", data)
    assert "“RX1234567” looks like a hospital number" in r.content.decode()
    assert not ValueStream.objects.filter(organisation=org).exists()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("RX[0-9", "not a valid regular expression"),
        ("[0-9]*", "matches empty text"),
        ("(RX[0-9]+)+", "Do not repeat a group"),
    ],
)
def test_a_hospital_number_pattern_is_validated_on_save(
    client: Client, admin_user: User, org: Organisation, pattern: str, message: str
) -> None:
    client.force_login(admin_user)
    data = {"name": org.name, "kind": org.kind, "hospital_number_pattern": pattern}
    r = client.post(f"/o/{org.slug}/settings/", data)
    assert message in r.content.decode()
    org.refresh_from_db()
    assert org.hospital_number_pattern == ""
