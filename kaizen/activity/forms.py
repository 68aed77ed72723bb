from __future__ import annotations

from django import forms

from kaizen.activity.models import Notification, NotificationPreference
from kaizen.privacy.forms import ScreenedForm


class PreferenceForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        labels = {"frequency": "Email me about what I follow"}


class KindsForm(ScreenedForm, forms.Form):
    """Which kinds of notification a person hears of: unticking one mutes it."""

    heard = forms.MultipleChoiceField(
        label="Tell me when",
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick what you would rather not hear of, in Kaizen or by email.",
    )
