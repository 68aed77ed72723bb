"""The form side of the screening: every form in Kaizen mixes this in, so each text a person
types is screened once, in one place, before anything is saved."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.privacy.screening import describe, find_patient_data


class ScreenedForm(forms.BaseForm):
    """Refuses patient-identifiable data in any text field, naming the words in that field.

    Mix in before ``forms.Form``/``forms.ModelForm``. The organisation's hospital-number
    pattern is found on ``self.organisation``, the instance's organisation, or the instance
    itself when it is the organisation.
    """

    # Fields that hold secrets or addresses, not prose: never screened (nor echoed back).
    unscreened_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pattern = self._hospital_number_pattern()
        for name, field in self.fields.items():
            value = data.get(name)
            if not (isinstance(value, str) and value and self._is_prose(name, field)):
                continue
            if findings := find_patient_data(value, hospital_number_pattern=pattern):
                self.add_error(name, describe(findings))
        return data

    def _is_prose(self, name: str, field: forms.Field) -> bool:
        return (
            isinstance(field, forms.CharField)
            and not isinstance(field, forms.EmailField | forms.SlugField | forms.URLField)
            and not isinstance(field.widget, forms.PasswordInput)
            and "password" not in name
            and name not in self.unscreened_fields
        )

    def _hospital_number_pattern(self) -> str:
        instance = getattr(self, "instance", None)
        for holder in (
            getattr(self, "organisation", None),
            getattr(instance, "organisation", None) if _has_organisation(instance) else None,
            instance,
        ):
            pattern = getattr(holder, "hospital_number_pattern", None)
            if isinstance(pattern, str):
                return pattern
        return ""


def _has_organisation(instance: object) -> bool:
    # Reading a missing foreign key raises on an unsaved model; its id attribute does not.
    return getattr(instance, "organisation_id", None) is not None


def validate_free_text(text: str, *, organisation: object = None) -> None:
    """The check for text written without a form (HTMX edits, comments posted inline): raises
    Django's ValidationError naming the words, as a form field would."""
    pattern = getattr(organisation, "hospital_number_pattern", "") or ""
    if findings := find_patient_data(text, hospital_number_pattern=pattern):
        raise forms.ValidationError(describe(findings))
