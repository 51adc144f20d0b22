"""Logo upload through the pages, and serving uploaded files from /media/ safely."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Organisation

pytestmark = pytest.mark.integration

NOT_AN_IMAGE = "The file is not an image we can read (PNG, JPEG, GIF or WebP)."
STORED_NAME = re.compile(r"^logos/[0-9a-f]{32}\.(png|jpg)$")


def image_bytes(fmt, size=(64, 48), mode="RGB", color=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format=fmt)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _logo_url(organisation) -> str:
    return reverse("directory:organisation.logo", kwargs={"slug": organisation.slug})


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def upload_logo(client, organisation, org_admin, django_capture_on_commit_callbacks):
    client.force_login(org_admin)

    def _upload(data: bytes, name="logo.png", content_type="image/png"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(_logo_url(organisation), {"logo": SimpleUploadedFile(name, data, content_type)})

    return _upload


# --- Accepted ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mode", "color", "extension"),
    [("PNG", "RGBA", (0, 128, 255, 100), "png"), ("JPEG", "RGB", (0, 128, 255), "jpg")],
)
def test_logo_upload_real_image_stored_reencoded(upload_logo, organisation, settings, fmt, mode, color, extension):
    response = upload_logo(image_bytes(fmt, size=(1024, 768), mode=mode, color=color), name=f"Our Logo.{fmt}")

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert STORED_NAME.match(organisation.logo.name).group(1) == extension
    assert "Our Logo" not in organisation.logo.name
    with Image.open(Path(settings.MEDIA_ROOT) / organisation.logo.name) as stored:
        assert (stored.format, stored.size) == ({"png": "PNG", "jpg": "JPEG"}[extension], (512, 384))


def test_logo_upload_writes_audit_entry(upload_logo, organisation, org_admin):
    upload_logo(image_bytes("PNG", mode="RGBA"))

    organisation.refresh_from_db()
    entry = AuditEntry.objects.get(action="organisation.logo")
    assert entry.actor == org_admin
    assert entry.changes == {"logo": ["", organisation.logo.name]}


def test_logo_upload_replacing_deletes_the_old_file(upload_logo, organisation, settings):
    upload_logo(image_bytes("PNG", mode="RGBA"))
    organisation.refresh_from_db()
    first = organisation.logo.name

    upload_logo(image_bytes("JPEG"), name="new.jpg", content_type="image/jpeg")

    organisation.refresh_from_db()
    assert organisation.logo.name != first
    assert _stored_files(settings) == [Path(settings.MEDIA_ROOT) / organisation.logo.name]


def test_logo_remove_clears_and_deletes_file(
    client, upload_logo, organisation, settings, django_capture_on_commit_callbacks
):
    upload_logo(image_bytes("PNG", mode="RGBA"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_logo_url(organisation), {"remove": "1"})

    organisation.refresh_from_db()
    assert response.url == organisation.get_absolute_url()
    assert organisation.logo.name == ""
    assert _stored_files(settings) == []


def test_logo_shown_on_detail_page_and_list(client, upload_logo, organisation):
    upload_logo(image_bytes("PNG", mode="RGBA"))
    organisation.refresh_from_db()
    client.logout()

    detail = client.get(organisation.get_absolute_url())
    listing = client.get(reverse("directory:organisation.list"))

    assert f'src="/media/{organisation.logo.name}"' in detail.text
    assert f'src="/media/{organisation.logo.name}"' in listing.text


# --- Rejected ----------------------------------------------------------------------------------------------------

REJECTED = [
    ("text-renamed-png", b"Just some notes, certainly not a picture.\n" * 4, "notes.png", NOT_AN_IMAGE),
    ("html", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", "x.png", NOT_AN_IMAGE),
    ("truncated-png", image_bytes("PNG", size=(200, 200), mode="RGBA")[:300], "cut.png", NOT_AN_IMAGE),
    ("png-without-pixels", png_header(64, 64), "empty.png", NOT_AN_IMAGE),
    ("bomb-50000x50000", png_header(50_000, 50_000), "bomb.png", NOT_AN_IMAGE),
    ("bmp", image_bytes("BMP"), "x.bmp", "Please upload a PNG, JPEG, GIF or WebP image."),
]


@pytest.mark.parametrize(("data", "name", "message"), [pytest.param(d, n, m, id=i) for i, d, n, m in REJECTED])
def test_logo_upload_bad_file_rejected_with_message(upload_logo, organisation, settings, data, name, message):
    response = upload_logo(data, name=name)

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [message]}
    assert message in response.text
    assert organisation.logo.name == ""
    assert _stored_files(settings) == []
    assert AuditEntry.objects.filter(action="organisation.logo").count() == 0


def test_logo_upload_over_byte_limit_rejected(upload_logo, organisation, settings):
    data = image_bytes("PNG", size=(64, 64), mode="RGBA")
    settings.CREATIVEPORTS_LOGO_MAX_BYTES = len(data) - 1

    response = upload_logo(data)

    organisation.refresh_from_db()
    [message] = response.context["form"].errors["logo"]
    assert message.startswith("The image is too large")
    assert organisation.logo.name == ""
    assert _stored_files(settings) == []


def test_logo_upload_without_file_gives_field_error(client, organisation, org_admin):
    client.force_login(org_admin)

    # A browser always sends the CSRF token along, so the form is bound even without a file.
    response = client.post(_logo_url(organisation), {"csrfmiddlewaretoken": "x"})

    assert list(response.context["form"].errors) == ["logo"]


def test_logo_upload_keeps_previous_logo_when_new_one_is_bad(upload_logo, organisation):
    upload_logo(image_bytes("PNG", mode="RGBA"))
    organisation.refresh_from_db()
    good = organisation.logo.name

    upload_logo(b"<html></html>", name="evil.png")

    organisation.refresh_from_db()
    assert organisation.logo.name == good


@pytest.mark.parametrize("role", ["outsider", "member"])
def test_logo_upload_by_non_admin_is_404_and_stores_nothing(client_as, organisation, settings, role):
    response = client_as(role).post(
        _logo_url(organisation), {"logo": SimpleUploadedFile("x.png", image_bytes("PNG"), "image/png")}
    )

    assert response.status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).logo.name == ""
    assert _stored_files(settings) == []


# --- The logo field of the create form ---------------------------------------------------------------------------


def test_create_form_with_bad_logo_saves_nothing(client, user, form_data, settings):
    client.force_login(user)
    form_data["logo_file"] = SimpleUploadedFile("x.png", b"<html>not an image</html>", "image/png")

    response = client.post(reverse("directory:organisation.create"), form_data)

    assert response.context["form"].errors == {"logo_file": [NOT_AN_IMAGE]}
    assert Organisation.objects.count() == 0
    assert _stored_files(settings) == []


def test_create_form_with_logo_stores_it_reencoded(client, user, form_data):
    client.force_login(user)
    form_data["logo_file"] = SimpleUploadedFile("x.png", image_bytes("PNG", mode="RGBA"), "image/png")

    client.post(reverse("directory:organisation.create"), form_data)

    assert STORED_NAME.match(Organisation.objects.get().logo.name)


# --- /media/ ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "mode", "content_type"), [("PNG", "RGBA", "image/png"), ("JPEG", "RGB", "image/jpeg")])
def test_media_serves_stored_logo_with_safe_headers(
    client, upload_logo, organisation, settings, fmt, mode, content_type
):
    upload_logo(image_bytes(fmt, mode=mode), name=f"x.{fmt.lower()}")
    organisation.refresh_from_db()
    client.logout()

    response = client.get(organisation.logo.url)

    body = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert body == (Path(settings.MEDIA_ROOT) / organisation.logo.name).read_bytes()


@pytest.fixture
def secret_outside_media(db, settings, tmp_path):
    """A real PNG next to (not inside) MEDIA_ROOT, and one inside, to prove which one can be reached."""
    Path(settings.MEDIA_ROOT, "logos").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "logos", "inside.png").write_bytes(image_bytes("PNG"))
    outside = tmp_path / "outside.png"
    outside.write_bytes(image_bytes("PNG"))
    return outside


def test_media_serves_file_inside_media_root(client, secret_outside_media):
    response = client.get("/media/logos/inside.png")
    response.close()

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/../outside.png",
        "/media/logos/../../outside.png",
        "/media/%2e%2e/outside.png",
        "/media/logos/%2E%2E/%2E%2E/outside.png",
        "/media/..%2foutside.png",
        "/media/logos/..%5c..%5coutside.png",
    ],
)
def test_media_path_traversal_is_404(client, secret_outside_media, path):
    response = client.get(path)

    assert response.status_code == 404


def test_media_absolute_path_is_404(client, secret_outside_media):
    response = client.get(f"/media/{secret_outside_media}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logos/page.html", b"<html><script>alert(1)</script></html>"),
        ("logos/drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("logos/notes.txt", b"hello"),
        ("logos/image.png.html", b"<html></html>"),
        ("logos/anim.gif", image_bytes("GIF", mode="P", color=1)),
        ("logos/noext", b"\x89PNG"),
    ],
)
def test_media_non_image_files_are_404(client, db, settings, name, content):
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)

    response = client.get(f"/media/{name}")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/media/logos/", "/media/logos/missing.png"])
def test_media_directory_or_missing_file_is_404(client, secret_outside_media, path):
    response = client.get(path)

    assert response.status_code == 404


def test_media_post_not_allowed(client, secret_outside_media):
    response = client.post("/media/logos/inside.png")

    assert response.status_code == 405
