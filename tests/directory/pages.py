"""Reading rendered HTML in tests: the fields of a form, and what a strict CSP would block."""

from __future__ import annotations

from html.parser import HTMLParser

_SKIPPED_INPUTS = {"submit", "button", "file", "image", "reset"}


class _FormParser(HTMLParser):
    """Collects what a browser would submit from the form with the given id."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.data: list[tuple[str, str]] = []
        self._select: tuple[str, bool] | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text").lower()
            if kind in _SKIPPED_INPUTS or ("disabled" in a):
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and "name" in a:
            self._select = (a["name"], "multiple" in a)
            self._select_values, self._first_option = [], None
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and "name" in a:
            self._textarea, self._textarea_text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text += data
        elif self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text.strip()
            if self._first_option is None:
                self._first_option = value
            if self._option_selected:
                self._select_values.append(value)
            self._option_value = None
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            values = self._select_values
            if not values and not multiple and self._first_option is not None:
                values = [self._first_option]
            self.data.extend((name, v) for v in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop one leading newline of a textarea's content.
            self.data.append((self._textarea, self._textarea_text.removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str) -> dict[str, list[str]]:
    """The values the form with this id would submit, as a dict of lists for the test client."""
    parser = _FormParser(form_id)
    parser.feed(html)
    parser.close()
    if not parser.found:
        raise AssertionError(f"No form with id {form_id!r} in the page.")
    fields: dict[str, list[str]] = {}
    for name, value in parser.data:
        fields.setdefault(name, []).append(value)
    return fields


DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _InlineParser(HTMLParser):
    """Finds what a CSP without 'unsafe-inline' would block: inline scripts, styles and handlers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.violations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        # JSON and JSON-LD script elements are data: browsers never run them, the CSP allows them.
        if tag == "script" and "src" not in a and a.get("type", "").lower() not in DATA_SCRIPT_TYPES:
            self.violations.append(f"inline <script {a}>")
        if tag == "style":
            self.violations.append("inline <style> element")
        if "style" in a:
            self.violations.append(f"style= attribute on <{tag}>")
        for name in a:
            if name.startswith("on"):
                self.violations.append(f"{name}= handler on <{tag}>")
        for name in ("href", "src", "action", "formaction"):
            if a.get(name, "").strip().lower().startswith("javascript:"):
                self.violations.append(f"javascript: URL in {name} of <{tag}>")


def inline_code(html: str) -> list[str]:
    """Every inline script, style or event handler in the page (an empty list is what we want)."""
    parser = _InlineParser()
    parser.feed(html)
    parser.close()
    return parser.violations
