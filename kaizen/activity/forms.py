from __future__ import annotations

from django import forms

from kaizen.activity.models import NotificationPreference
from kaizen.privacy.forms import ScreenedForm


class PreferenceForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        labels = {"frequency": "Email me about what I follow"}
