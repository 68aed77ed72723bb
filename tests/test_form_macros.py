"""The one form-macro library (kaizen/templates/forms.jinja): each widget becomes its NHS.UK
component, and the error summary links each problem to the field that has it."""

from __future__ import annotations

import re

from django import forms
from django.template import engines


class DateInput(forms.DateInput):
    input_type = "date"


class SampleForm(forms.Form):
    name = forms.CharField()
    count = forms.IntegerField(required=False)
    day = forms.DateField(widget=DateInput)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "Apple"), ("b", "Banana")])
    urgent = forms.BooleanField(required=False)
    tags = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, required=False
    )


def render(source: str, **context: object) -> str:
    template = engines["jinja2"].from_string(
        '{% from "forms.jinja" import checkboxes_field, error_summary, field %}' + source
    )
    return template.render(context)


def test_each_widget_becomes_its_component() -> None:
    form = SampleForm(initial={"kind": "b", "urgent": True})
    html = render(
        "{% for name in ['name', 'count', 'day', 'notes', 'kind', 'urgent'] %}"
        "{{ field(form[name]) }}{% endfor %}{{ checkboxes_field(form['tags']) }}",
        form=form,
    )
    assert re.search(r'<input[^>]*id="id_name"[^>]*type="text"[^>]*required', html, re.S)
    assert re.search(r'<input[^>]*id="id_count"[^>]*inputmode="decimal"', html, re.S)
    assert re.search(r'<input[^>]*id="id_day"[^>]*type="date"', html, re.S)
    assert re.search(r'<textarea[^>]*id="id_notes"[^>]*rows="3"', html, re.S)
    assert re.search(r'<option value="b" selected\s*>Banana</option>', html)
    assert re.search(r'<input[^>]*id="id_urgent"[^>]*type="checkbox"[^>]*value="on" checked', html)
    assert re.search(r"<legend[^>]*>\s*Tags\s*</legend>", html)


def test_the_error_summary_links_to_each_field_with_a_prefix() -> None:
    form = SampleForm(data={"name": "", "day": "31/02/2025", "kind": "a"})
    assert not form.is_valid()
    html = render(
        '{{ error_summary(form, prefix="entry-") }}'
        '{{ field(form["name"], prefix="entry-") }}{{ field(form["day"], prefix="entry-") }}',
        form=form,
    )
    for name in ("name", "day"):
        assert f'href="#entry-{name}"' in html
        assert f'id="entry-{name}"' in html
    assert "There is a problem" in html
