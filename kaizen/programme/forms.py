"""The programme's one form: a measure that shows a strategic priority."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from kaizen.accounts.models import Organisation
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm
from kaizen.strategy.models import StrategicPriority


class PriorityMeasureForm(ScreenedForm, forms.Form):
    priority = forms.ModelChoiceField(StrategicPriority.objects.none(), label="Priority")
    measure = forms.ModelChoiceField(Measure.objects.none(), label="Measure that shows it")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Only the organisation's own: another's ids are "not one of the choices".
        priority = self.fields["priority"]
        measure = self.fields["measure"]
        assert isinstance(priority, forms.ModelChoiceField)
        assert isinstance(measure, forms.ModelChoiceField)
        priority.queryset = StrategicPriority.objects.filter(organisation=organisation)
        # The organisation's own measures and its organisation-wide indicators; each unit's
        # copy of every indicator (hundreds) would bury the choice. Names only: a measure's
        # stored chart is large, and the list offers hundreds of them.
        measure.queryset = (
            Measure.objects.for_organisation(organisation)
            .filter(Q(computed="") | Q(unit=None))
            .only("name")
        )
