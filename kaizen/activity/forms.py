from __future__ import annotations

from django import forms

from kaizen.activity.models import NotificationPreference


class PreferenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        labels = {"frequency": "Email me about what I follow"}
