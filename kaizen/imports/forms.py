from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from kaizen.accounts.models import Organisation
from kaizen.imports.longtable import PUBLISHERS, ColumnMapping
from kaizen.imports.models import ImportSource
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm

ACCEPTED_SUFFIXES = (".csv", ".xlsx")


class UploadForm(ScreenedForm, forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file with the columns described above",
        error_messages={"required": "Select a CSV or Excel file to upload"},
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError("The file must be a CSV (.csv) or Excel (.xlsx) file")
        # Years of data for every measure of a trust fit easily; a bigger file is not a summary.
        if (upload.size or 0) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
            limit = settings.FILE_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"The file must be smaller than {limit} MB")
        return upload


def _column(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=200)


class BulkUploadForm(ScreenedForm, forms.Form):
    """A long table and which of its columns hold what, typed or taken from a saved source."""

    file = forms.FileField(
        label="Upload a long table",
        help_text="A CSV or Excel (.xlsx) file with one row per series and period",
        error_messages={"required": "Select a CSV or Excel file to upload"},
    )
    source = forms.ModelChoiceField(
        label="Use a saved column mapping",
        queryset=ImportSource.objects.none(),
        required=False,
        empty_label="None: I will name the columns below",
    )
    series = _column(
        "Columns that name each series",
        "One or more column headings, separated by commas, for example: org_code, measure",
    )
    period = _column("Period column", "For example: period")
    value = _column("Value column", "For example: value")
    numerator = _column("Numerator column (optional)")
    denominator = _column("Denominator column (optional)")
    breakdown = _column("Breakdown column (optional)")
    organisation = _column(
        "Organisation code column (optional)", "The column of ODS codes, for example: org_code"
    )
    organisation_name = _column("Organisation name column (optional)")
    publisher = forms.ChoiceField(
        label="Who published the data",
        choices=[(key, label) for key, (label, _) in PUBLISHERS.items()],
        required=False,
    )
    save_as = _column(
        "Save this column mapping as (optional)", "Next month's file then goes in with one click"
    )
    only = _column(
        "Import only these organisation codes (optional)",
        "Separated by commas, for example: R0A",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = ImportSource.objects.filter(organisation=organisation)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError("The file must be a CSV (.csv) or Excel (.xlsx) file")
        if (upload.size or 0) > settings.BULK_UPLOAD_MAX_BYTES:
            limit = settings.BULK_UPLOAD_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The file must be smaller than {limit} MB")
        return upload

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        source: ImportSource | None = data.get("source")
        if source is not None:
            return ColumnMapping.from_json(source.mapping)
        return ColumnMapping(
            series=tuple(c.strip() for c in data["series"].split(",") if c.strip()),
            **{role: data[role].strip() for role in MAPPED},
        )

    def only_codes(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["only"].split(",") if code.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("source"):
            for name in ("series", "period", "value"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, f"Name the {self.fields[name].label.lower()}")  # type: ignore[union-attr]
        return data


MAPPED = (
    "period",
    "value",
    "numerator",
    "denominator",
    "breakdown",
    "organisation",
    "organisation_name",
    "publisher",
)


class NewMeasuresForm(ScreenedForm, forms.Form):
    """What every measure the import creates is, changed in bulk; blank keeps each proposal."""

    chart = forms.ChoiceField(
        label="Chart of every new measure",
        choices=[("", "As proposed for each series"), *Measure.CHART_CHOICES],
        required=False,
    )
    improvement = forms.ChoiceField(
        label="Direction of improvement of every new measure",
        choices=[("", "Neither (monitor only), as proposed"), *Measure.Improvement.choices],
        required=False,
    )
