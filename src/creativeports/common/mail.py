"""A console email backend that prints emails as a person reads them.

Django's console backend prints the encoded message, in which long lines (such as the sign-up
confirmation link) are broken by quoted-printable soft line breaks; copying such a link from the
terminal of `make run` gives a broken address. This one prints the headers and the decoded text.
"""

from __future__ import annotations

from typing import Any

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


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
