from __future__ import annotations

from django import forms

from kaizen.accounts.models import Organisation
from kaizen.network.models import Network, SharedItem
from kaizen.privacy.forms import ScreenedForm


class ShareForm(ScreenedForm, forms.Form):
    reach = forms.ChoiceField(label="Who may read it", choices=SharedItem.Reach.choices)
    network = forms.ModelChoiceField(
        queryset=Network.objects.none(), required=False, help_text="For “A network” only"
    )

    def __init__(self, organisation: Organisation, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        network_field = self.fields["network"]
        assert isinstance(network_field, forms.ModelChoiceField)
        network_field.queryset = organisation.networks.all()


class LibrarySearchForm(ScreenedForm, forms.Form):
    q = forms.CharField(label="Search the open library", required=False, max_length=200)
