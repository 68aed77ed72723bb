from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

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
