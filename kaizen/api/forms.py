from __future__ import annotations

from django import forms

from kaizen.api.models import ApiToken
from kaizen.api.services import MAX_DAYS
from kaizen.privacy.forms import ScreenedForm


class TokenForm(ScreenedForm, forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What uses it, e.g. “Ward dashboard warehouse job”"
    )
    scope = forms.ChoiceField(
        label="It may", choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ
    )
    days = forms.IntegerField(
        label="Days until it expires", min_value=1, max_value=MAX_DAYS, initial=90
    )
