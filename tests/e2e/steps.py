"""What people do in the browser, step by step, shared by several flows."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.core.mail import EmailMessage
from PIL import Image
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

NEW_PASSWORD = "Amber harbour lights 2031"
_CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
_INVITATION_LINK = re.compile(r"https?://\S+/organisations/invitations/\S+/")


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email:", exact=True).fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def fill_sign_up(page: Page, email: str, password: str = NEW_PASSWORD) -> None:
    """On the sign-up page: give an email address and a password twice, and send."""
    page.get_by_label("Email:", exact=True).fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_label("Password (again):", exact=True).fill(password)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()


def confirm_email(page: Page, message: EmailMessage) -> None:
    """Open the link of a verification email and confirm the address."""
    link = _CONFIRM_LINK.search(message.body)
    assert link is not None, message.body
    page.goto(link.group())
    page.get_by_role("button", name="Confirm").click()


def invitation_link(message: EmailMessage) -> str:
    link = _INVITATION_LINK.search(message.body)
    assert link is not None, message.body
    return link.group()


def png_file(directory: Path, name: str = "logo.png", size: tuple[int, int] = (120, 80)) -> Path:
    """A small PNG with a transparent corner, as designers export logos."""
    image = Image.new("RGBA", size, (11, 79, 108, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path = directory / name
    path.write_bytes(buffer.getvalue())
    return path
