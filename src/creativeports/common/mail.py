"""Sending mail once a transaction commits, and a console email backend that prints emails as a
person reads them.

Django's console backend prints the encoded message, in which long lines (such as the sign-up
confirmation link) are broken by quoted-printable soft line breaks; copying such a link from the
terminal of `make run` gives a broken address. This one prints the headers and the decoded text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.db import transaction
from django.template.loader import render_to_string


def mail_on_commit(emails: Sequence[str], template: str, context: dict[str, Any]) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` (e.g. "events/email/promoted") now, in
    the current language, and send them once the transaction commits (never for a rolled-back change)."""
    if not emails:
        return
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    recipients = list(emails)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


class ConsoleEmailBackend(DjangoConsoleBackend):
    def write_message(self, message: Any) -> None:
        lines = [
            f"Subject: {message.subject}",
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc: {', '.join(message.cc)}")
        self.stream.write("\n".join(lines) + "\n\n" + str(message.body).rstrip() + "\n" + "-" * 79 + "\n")
