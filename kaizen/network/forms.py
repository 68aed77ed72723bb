from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Measure
from kaizen.network.models import Network, SharedItem
from kaizen.privacy.forms import ScreenedForm
from kaizen.projects.forms import DateInput
from kaizen.projects.models import ChangeIdea, Project


class NamingForm(ScreenedForm, forms.Form):
    name_me = forms.BooleanField(
        label="Name me in what our organisation shares beyond itself",
        required=False,
        help_text="Without it you are shown by your part in the work or your role. Others are "
        "named only if they agreed themselves; patient partners never.",
    )


class ShareForm(NamingForm):
    """Who may read it, and (for the person sharing, unless a patient partner) whether they are
    named in it: the review step is where they see their name in place."""

    reach = forms.ChoiceField(label="Who may read it", choices=SharedItem.Reach.choices)
    network = forms.ModelChoiceField(
        queryset=Network.objects.none(), required=False, help_text="For “A network” only"
    )
    field_order = ["reach", "network", "name_me"]

    def __init__(
        self, organisation: Organisation, *args: object, may_name: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choose(self, "network", organisation.networks.all())
        if not may_name:
            del self.fields["name_me"]


class LibrarySearchForm(ScreenedForm, forms.Form):
    q = forms.CharField(label="Search the open library", required=False, max_length=200)


def _choose(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class IdeaChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.project.title})"


class PackageVersionForm(ScreenedForm, forms.Form):
    """What each version of a change package says: chosen from the curator's organisation's
    tested change ideas (their verdicts travel with them) and its measures' definitions."""

    aim = forms.CharField(label="The aim it serves", widget=forms.Textarea, max_length=2000)
    how_to_start = forms.CharField(
        label="How to start",
        widget=forms.Textarea,
        max_length=4000,
        help_text="The first small test, who to involve, what to measure from day one",
    )
    ideas = IdeaChoiceField(
        label="Change ideas",
        queryset=ChangeIdea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one change idea for the package."},
    )
    measures = forms.ModelMultipleChoiceField(
        label="Measures",
        queryset=Measure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Adopters get each measure with its full operational definition",
    )
    note = forms.CharField(label="What changed in this version", max_length=300, required=False)

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        ideas = ChangeIdea.objects.for_organisation(organisation).select_related("project")
        _choose(self, "ideas", ideas.order_by("project__title", "title"))
        _choose(self, "measures", Measure.objects.for_organisation(organisation).only("name"))


class PackageForm(PackageVersionForm):
    title = forms.CharField(label="Package name", max_length=200)
    network = forms.ModelChoiceField(
        label="Who may adopt it",
        queryset=Network.objects.none(),
        required=False,
        empty_label="Everyone signed in to Kaizen",
    )
    field_order = ["title", "network", "aim", "how_to_start", "ideas", "measures"]

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(organisation, *args, **kwargs)
        _choose(self, "network", organisation.networks.all())
        del self.fields["note"]


class AdoptForm(ScreenedForm, forms.Form):
    project = forms.ModelChoiceField(
        label="Where to test it",
        queryset=Project.objects.none(),
        required=False,
        empty_label="A new project on our own method",
    )
    title = forms.CharField(
        label="Name of the new project",
        max_length=200,
        required=False,
        help_text="Leave empty to use the change's own name",
    )
    starts_on = forms.DateField(
        label="When you start testing it",
        required=False,
        widget=DateInput,
        help_text="Your verdicts compare your data after this day with your data before it",
    )

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        _choose(self, "project", Project.objects.for_organisation(organisation).only("title"))


class NetworkMeasureForm(ScreenedForm, forms.Form):
    network = forms.ModelChoiceField(label="Network", queryset=Network.objects.none())
    measure = forms.ModelChoiceField(
        label="Measure",
        queryset=Measure.objects.none(),
        help_text="Its definition is shared, and its values, so members compare like with like",
    )

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        _choose(self, "network", organisation.networks.all())
        _choose(self, "measure", Measure.objects.for_organisation(organisation).only("name"))


class MeasureShareForm(ScreenedForm, forms.Form):
    measure = forms.ModelChoiceField(label="Our measure", queryset=Measure.objects.none())

    def __init__(self, organisation: Organisation, chart: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        measures = Measure.objects.for_organisation(organisation).filter(chart=chart)
        _choose(self, "measure", measures.only("name"))


class NetworkForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Network
        fields = ["name", "kind", "description"]
        labels = {"kind": "What kind of network it is"}
        help_texts = {"description": "Who it brings together and why; its members read it."}

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if Network.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a network of that name: choose another.")
        return name


class InviteForm(ScreenedForm, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Invite an organisation",
        help_text="Its organisation admins accept or decline.",
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation to invite."},
    )

    def __init__(self, network: Network, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        waiting = network.invitations.filter(status="pending").values("organisation")
        _choose(
            self,
            "organisation",
            Organisation.objects.exclude(networks=network).exclude(pk__in=waiting),
        )


class CoordinatorForm(ScreenedForm, forms.Form):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Name a coordinator",
        help_text="Someone from one of the network's member organisations.",
        empty_label="Choose a person",
        error_messages={"required": "Choose the person to name as a coordinator."},
    )

    def __init__(self, eligible: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "person", eligible)
