"""Photos attached to ideas: decoded, re-encoded as JPEG and stored without their metadata.

A phone photo carries EXIF, often with GPS co-ordinates of where it was taken (a ward, a
patient's home); re-encoding only the pixels keeps none of it. A file Pillow cannot decode is
refused, whatever its name says it is.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
# Larger photos are scaled down: a huddle board needs no 48-megapixel image.
MAX_SIDE = 2000
# A decompression bomb (a tiny file claiming a vast image) is refused before decoding.
MAX_PIXELS = 50_000_000


def reencode(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """The photo's pixels as a fresh JPEG with no metadata, or ValidationError."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB; choose a smaller one."
        )
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("The photo is too large to open; choose a smaller one.")
            # Honour the camera's orientation before the EXIF that records it is dropped.
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not a photo we can read (use JPEG or PNG).") from error
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image from the pixels alone: no info dict, so no EXIF, GPS or comments.
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="photo.jpg")
