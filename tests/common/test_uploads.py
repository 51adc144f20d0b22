"""image_reencode: only real images pass, and what is stored is a fresh, bounded PNG or JPEG of ours."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from creativeports.common.uploads import image_reencode

pytestmark = pytest.mark.unit

NOT_AN_IMAGE = "The file is not an image we can read (PNG, JPEG, GIF or WebP)."
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")


def image_bytes(fmt: str, size=(64, 48), mode="RGB", color=(200, 40, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format=fmt, **save)
    return out.getvalue()


def noisy_png(size=(256, 256)) -> bytes:
    """A PNG that does not compress well (random pixels), to exceed byte limits with small images."""
    image = Image.frombytes(
        "RGB", size, bytes((i * 7919 + (i >> 3) * 104729) % 251 for i in range(size[0] * size[1] * 3))
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG signature and IHDR chunk claiming the given size, and no pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IEND", b"")
    )


def upload(data: bytes, name="logo.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def decoded(content) -> Image.Image:
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


# --- Accepted ----------------------------------------------------------------------------------------------------


def test_image_reencode_png_with_transparency_stays_png(settings):
    data = image_bytes("PNG", mode="RGBA", color=(10, 20, 30, 128))

    content = image_reencode(upload(data))

    image = decoded(content)
    assert RANDOM_NAME.match(content.name).group(1) == "png"
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (64, 48))
    assert image.getpixel((0, 0)) == (10, 20, 30, 128)


def test_image_reencode_jpeg_stays_jpeg():
    content = image_reencode(upload(image_bytes("JPEG"), name="photo.jpeg", content_type="image/jpeg"))

    image = decoded(content)
    assert RANDOM_NAME.match(content.name).group(1) == "jpg"
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (64, 48))


def test_image_reencode_opaque_png_becomes_jpeg():
    content = image_reencode(upload(image_bytes("PNG")))

    assert content.name.endswith(".jpg")
    assert decoded(content).format == "JPEG"


@pytest.mark.parametrize(("fmt", "save"), [("GIF", {"transparency": 0}), ("WEBP", {"lossless": True})])
def test_image_reencode_gif_and_webp_accepted(fmt, save):
    mode = "P" if fmt == "GIF" else "RGBA"
    color = 0 if fmt == "GIF" else (1, 2, 3, 100)

    content = image_reencode(upload(image_bytes(fmt, mode=mode, color=color, **save), name=f"x.{fmt.lower()}"))

    assert content.name.endswith(".png")
    assert decoded(content).format == "PNG"


def test_image_reencode_name_is_new_and_random_each_time():
    data = image_bytes("PNG", mode="RGBA")

    names = {image_reencode(upload(data, name="our-logo.png")).name for _ in range(3)}

    assert len(names) == 3
    assert all(RANDOM_NAME.match(name) for name in names)
    assert not any("our-logo" in name for name in names)


@pytest.mark.parametrize(("size", "expected"), [((2000, 1000), (512, 256)), ((300, 1200), (128, 512))])
def test_image_reencode_bounds_longest_side_to_setting(settings, size, expected):
    settings.CREATIVEPORTS_LOGO_SIZE = 512

    content = image_reencode(upload(image_bytes("PNG", size=size, mode="RGBA")))

    assert decoded(content).size == expected


def test_image_reencode_small_image_not_enlarged():
    content = image_reencode(upload(image_bytes("PNG", size=(20, 10), mode="RGBA")))

    assert decoded(content).size == (20, 10)


def test_image_reencode_max_side_argument_overrides_setting():
    content = image_reencode(upload(image_bytes("PNG", size=(400, 400), mode="RGBA")), max_side=100)

    assert decoded(content).size == (100, 100)


def test_image_reencode_applies_exif_orientation_and_drops_exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010E] = "secret description"
    data = image_bytes("JPEG", size=(80, 40), exif=exif.tobytes())

    content = image_reencode(upload(data, name="p.jpg", content_type="image/jpeg"))

    raw = content.read()
    content.seek(0)
    image = decoded(content)
    assert image.size == (40, 80)
    assert b"secret description" not in raw
    assert dict(image.getexif()) == {}


def test_image_reencode_drops_png_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    data = image_bytes("PNG", mode="RGBA", pnginfo=info)

    content = image_reencode(upload(data))

    assert b"<script>" not in content.read()


def test_image_reencode_polyglot_payload_after_image_is_not_kept():
    data = image_bytes("PNG", mode="RGBA") + b"<html><script>alert(document.cookie)</script></html>"

    content = image_reencode(upload(data))

    assert b"<script>" not in content.read()


# --- Rejected ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"This is a plain text file, not an image at all.\n" * 3, "notes.png"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "page.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.svg"),
        (b"", "empty.png"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "doc.png"),
    ],
    ids=["text-renamed-png", "html", "svg", "empty", "pdf"],
)
def test_image_reencode_non_images_rejected(data, name):
    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(data, name=name))

    assert excinfo.value.messages == [NOT_AN_IMAGE]


def test_image_reencode_truncated_png_rejected():
    data = image_bytes("PNG", size=(200, 200), mode="RGBA", color=(1, 2, 3, 4))

    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(data[: len(data) // 2]))

    assert excinfo.value.messages == [NOT_AN_IMAGE]


def test_image_reencode_header_only_png_rejected():
    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(png_header(64, 64)))

    assert excinfo.value.messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize(("width", "height"), [(50_000, 50_000), (20_000, 5_000)], ids=["bomb-error", "bomb-warning"])
def test_image_reencode_decompression_bomb_rejected(width, height):
    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(png_header(width, height)))

    assert excinfo.value.messages == [NOT_AN_IMAGE]


def test_image_reencode_more_pixels_than_setting_rejected(settings):
    settings.CREATIVEPORTS_LOGO_MAX_PIXELS = 100 * 100

    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(image_bytes("PNG", size=(101, 100), mode="RGBA")))

    assert excinfo.value.messages == ["The image has too many pixels."]
    assert excinfo.value.code == "too_many_pixels"


def test_image_reencode_over_byte_limit_rejected_by_declared_size(settings):
    data = noisy_png()
    settings.CREATIVEPORTS_LOGO_MAX_BYTES = len(data) - 1

    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(data))

    assert excinfo.value.code == "too_large"
    assert excinfo.value.messages[0].startswith("The image is too large")


def test_image_reencode_over_byte_limit_rejected_when_size_unknown(settings):
    data = noisy_png()
    settings.CREATIVEPORTS_LOGO_MAX_BYTES = len(data) - 1
    unknown_size = upload(data)
    unknown_size.size = None

    with pytest.raises(ValidationError) as excinfo:
        image_reencode(unknown_size)

    assert excinfo.value.messages[0].startswith("The image is too large")


def test_image_reencode_exactly_at_byte_limit_accepted(settings):
    data = noisy_png(size=(32, 32))
    settings.CREATIVEPORTS_LOGO_MAX_BYTES = len(data)

    content = image_reencode(upload(data))

    assert decoded(content).size == (32, 32)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_image_reencode_other_formats_rejected(fmt):
    with pytest.raises(ValidationError) as excinfo:
        image_reencode(upload(image_bytes(fmt, size=(32, 32)), name=f"x.{fmt.lower()}"))

    assert excinfo.value.messages == ["Please upload a PNG, JPEG, GIF or WebP image."]
    assert excinfo.value.code == "format"


# --- Any bytes at all: an image or a ValidationError, never a crash -----------------------------------------------

SEEDS = {
    "png": image_bytes("PNG", size=(16, 16), mode="RGBA", color=(1, 2, 3, 4)),
    "jpeg": image_bytes("JPEG", size=(16, 16)),
    "gif": image_bytes("GIF", size=(16, 16), mode="P", color=3),
    "webp": image_bytes("WEBP", size=(16, 16)),
    "png-without-pixels": png_header(16, 16),
}


@st.composite
def damaged_images(draw):
    """A real small image with some bytes changed, cut short or with junk appended."""
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(0, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    data = data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data
    return bytes(data) + draw(st.binary(max_size=32))


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged_images())
def test_image_reencode_damaged_input_gives_image_or_validation_error(data):
    assert _outcome(data) in {
        "rejected: not_an_image",
        "rejected: format",
        "rejected: too_many_pixels",
        "stored: PNG",
        "stored: JPEG",
    }


def _outcome(data: bytes) -> str:
    """What became of an upload: the code of the refusal, or the format of the stored file."""
    try:
        content = image_reencode(upload(data))
    except ValidationError as exc:
        return f"rejected: {exc.code}"
    if not RANDOM_NAME.match(content.name):
        return f"stored under a name of the upload: {content.name}"
    return f"stored: {decoded(content).format}"


@hypothesis_settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=256))
def test_image_reencode_random_bytes_rejected_with_validation_error(data):
    with pytest.raises(ValidationError):
        image_reencode(upload(data))
