"""Forms for engagement: each screened for patient-identifiable data (ScreenedForm first);
the services check the rules again, so a form is a convenience, not the guard."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.accounts.roles import Role
from kaizen.engagement.models import Action, Story, Visit
from kaizen.privacy.forms import ScreenedForm

DATE = forms.DateInput(attrs={"type": "date"})


class OrgForm(ScreenedForm, forms.Form):
    """A screened form whose choices are the organisation's own units and members."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if getattr(field.queryset, "model", None) is OrgUnit:
                    field.queryset = OrgUnit.objects.filter(organisation=organisation)
                else:
                    field.queryset = User.objects.filter(
                        memberships__organisation=organisation
                    ).order_by("full_name")


class RoundForm(OrgForm):
    question = forms.CharField(
        max_length=300,
        label="Question",
        help_text="For example: what gets in the way of your work?",
    )
    closes_on = forms.DateField(label="Closes on", widget=DATE)
    unit = forms.ModelChoiceField(
        OrgUnit.objects.none(),
        required=False,
        label="Ask part of the organisation (optional)",
        empty_label="The whole organisation",
    )


class AnswerForm(ScreenedForm, forms.Form):
    body = forms.CharField(
        label="Your top concern",
        widget=forms.Textarea,
        error_messages={"required": "Enter your concern."},
    )
    anonymous = forms.BooleanField(
        required=False,
        initial=True,
        label="Answer anonymously",
        help_text="Your name is not stored with an anonymous answer: nobody can trace it to you.",
    )


class ThemeForm(ScreenedForm, forms.Form):
    title = forms.CharField(max_length=200, label="New theme")

    def __init__(self, *args: Any, answers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answers"] = forms.ModelMultipleChoiceField(
            answers,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Answers in this theme",
        )


class ResponseForm(ScreenedForm, forms.Form):
    response = forms.CharField(label="Our answer (we did)", widget=forms.Textarea)


class ActionForm(OrgForm):
    text = forms.CharField(max_length=300, label="Action")
    owner = forms.ModelChoiceField(
        User.objects.none(),
        label="Owner",
        error_messages={"required": "Choose who owns the action."},
    )
    due_on = forms.DateField(label="Due on", widget=DATE)


class ActionStatusForm(ScreenedForm, forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices, label="Status")


class VisitForm(OrgForm):
    kind = forms.ChoiceField(choices=Visit.Kind.choices, label="What you did")
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label="Where (unit)")
    visited_on = forms.DateField(label="When", widget=DATE)
    with_whom = forms.CharField(max_length=200, required=False, label="With whom")
    learned = forms.CharField(required=False, widget=forms.Textarea, label="What you learned")
    raised = forms.CharField(
        required=False, widget=forms.Textarea, label="Idea or action that came of it (optional)"
    )
    raise_idea = forms.BooleanField(
        required=False,
        label="Raise it as an idea on the unit's huddle board",
        help_text="What you learned becomes the problem, and the idea is answered like any other.",
    )


class ThanksForm(OrgForm):
    colleague = forms.ModelChoiceField(User.objects.none(), required=False, label="A colleague")
    team = forms.ModelChoiceField(OrgUnit.objects.none(), required=False, label="Or a team")
    message = forms.CharField(widget=forms.Textarea, label="Thank you for…")
    link = forms.CharField(
        max_length=300,
        required=False,
        label="Link to the work (optional)",
        help_text="The address of the project, cycle, idea or event page.",
    )

    def clean_link(self) -> str:
        link: str = self.cleaned_data.get("link", "")
        # Only a page of this organisation: a thank-you is not a way to post outside links.
        if link and not link.startswith(f"/o/{self.organisation.slug}/"):
            raise forms.ValidationError("Paste the address of a page in this organisation.")
        return link


class StoryForm(ScreenedForm, forms.Form):
    title = forms.CharField(max_length=200, label="Title")
    body = forms.CharField(widget=forms.Textarea, label="The story, in your words")
    kind = forms.ChoiceField(choices=Story.Kind.choices, label="Kind of story")
    photo = forms.FileField(required=False, label="Photo (optional, JPEG or PNG)")
    alt_text = forms.CharField(
        max_length=300,
        required=False,
        label="Describe the photo (alt text)",
        help_text="Required with a photo, for people who cannot see it.",
    )
    consent = forms.BooleanField(
        required=False, label="Everyone in the photo agreed to it being shared"
    )


class CompactForm(OrgForm):
    name = forms.CharField(
        max_length=200, label="Compact", help_text="Its group, e.g. All staff, Physicians."
    )
    organisation_gives = forms.CharField(widget=forms.Textarea, label="The organisation gives")
    group_gives = forms.CharField(widget=forms.Textarea, label="The group gives")
    role = forms.ChoiceField(
        choices=[("", "Any role"), *Role.choices], required=False, label="Agreed with (role)"
    )
    unit = forms.ModelChoiceField(
        OrgUnit.objects.none(),
        required=False,
        label="In part of the organisation (optional)",
        empty_label="The whole organisation",
    )


class FollowForm(OrgForm):
    units = forms.ModelMultipleChoiceField(
        OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Units",
        help_text="Following a unit takes in the units within it.",
    )
    value_streams = forms.ModelMultipleChoiceField(
        ValueStream.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Value streams",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        # OrgForm gives any other choice field the members; these are value streams.
        streams = self.fields["value_streams"]
        assert isinstance(streams, forms.ModelMultipleChoiceField)
        streams.queryset = ValueStream.objects.filter(organisation=organisation)
