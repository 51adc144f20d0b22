import io

import pytest
from django.core.mail import EmailMessage

from creativeports.common.mail import ConsoleEmailBackend

pytestmark = pytest.mark.unit

LINK = "http://127.0.0.1:8000/accounts/confirm-email/Nw:1xUzet:Wd3hjbifYBBUWmquED75kzTbEtUE4I2nR5Va96KUtOs/"


def test_console_backend_prints_long_links_unbroken():
    stream = io.StringIO()
    message = EmailMessage(
        "Please confirm", f"Hej Łukasz,\n\nTo confirm, go to {LINK}\n", "a@example.org", ["b@example.org"]
    )

    sent = ConsoleEmailBackend(stream=stream).send_messages([message])

    assert sent == 1
    assert stream.getvalue().splitlines()[:3] == ["Subject: Please confirm", "From: a@example.org", "To: b@example.org"]
    assert f"To confirm, go to {LINK}" in stream.getvalue().splitlines()
    assert "Hej Łukasz," in stream.getvalue()
