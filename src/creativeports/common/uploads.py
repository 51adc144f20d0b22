"""Safe image uploads: decode for real, bound the size, re-encode, name the file ourselves.

An upload is trusted only after Pillow has decoded every pixel; the stored file is a fresh PNG or
JPEG written by us, so no metadata, scripts or polyglot payloads survive, and its name is random.
"""

from __future__ import annotations

import io
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def image_reencode(upload: UploadedFile[bytes], *, max_side: int | None = None) -> ContentFile[bytes]:
    """Validate an uploaded image and return it re-encoded (PNG with transparency, else JPEG).

    Raises ValidationError with a message for the person who uploaded it.
    """
    max_bytes: int = settings.CREATIVEPORTS_LOGO_MAX_BYTES
    max_side = max_side or settings.CREATIVEPORTS_LOGO_SIZE
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The image is too large; the limit is %(limit)s.") % {"limit": filesizeformat(max_bytes)}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                if width * height > settings.CREATIVEPORTS_LOGO_MAX_PIXELS:
                    raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                image: Image.Image = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except Exception as exc:
        # Pillow raises more than its documented errors on malformed files (IndexError for a PNG
        # without pixel data, struct.error, EOFError, decompression-bomb errors...): all mean "not an image".
        raise ValidationError(
            _("The file is not an image we can read (PNG, JPEG, GIF or WebP)."), code="not_an_image"
        ) from exc
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(_("Please upload a PNG, JPEG, GIF or WebP image."), code="format")

    image.thumbnail((max_side, max_side))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.{extension}")
