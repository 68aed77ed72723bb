"""Uploaded photos (stories, event report-outs): every upload is decoded and re-encoded with
Pillow, so what is kept is pixels only (no EXIF, GPS or other metadata), at a bounded size."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
# A decompression bomb (a small file that decodes to gigapixels) is refused before decoding.
Image.MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int


def reencode(upload: UploadedFile[Any]) -> CleanImage:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            f"The photo is too large: the most is {MAX_BYTES // (1024 * 1024)} MB."
        )
    try:
        with Image.open(upload) as opened:
            opened.load()
            # Respect the camera's orientation before the EXIF that says it is dropped.
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise ValidationError(
            "The file is not an image Kaizen can read (use JPEG or PNG)."
        ) from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image from the pixels alone: nothing of the original's info dict travels.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(data=out.getvalue(), width=clean.width, height=clean.height)
