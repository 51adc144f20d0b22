"""`creativeports schedule_meetings`: a schedule file and a summary, or exit code 2 and a reason."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.events.scheduling.validator import check

pytestmark = pytest.mark.unit

INSTANCE: dict[str, Any] = {
    "name": "two tables",
    "slots": 2,
    "tables": 1,
    "participants": [
        {"id": 1, "available_slots": [0, 1], "max_meetings": None, "fixed_table": False},
        {"id": 2, "available_slots": [0, 1], "max_meetings": None, "fixed_table": True},
        {"id": 3, "available_slots": [0], "max_meetings": 1, "fixed_table": False},
        {"id": 4, "available_slots": [0, 1], "max_meetings": None, "fixed_table": False},
    ],
    "requests": [
        {"a": 1, "b": 2, "weight": 3},
        {"a": 3, "b": 4, "weight": 2},
        {"a": 1, "b": 4, "weight": 1},
        {"a": 1, "b": 3, "weight": 1},
    ],
}


def _write(path: Path, content: Any) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_schedule_meetings_writes_a_valid_schedule_and_a_summary(tmp_path):
    instance = _write(tmp_path / "instance.json", INSTANCE)
    out = tmp_path / "schedule.json"
    stdout = io.StringIO()

    call_command("schedule_meetings", str(instance), "--out", str(out), "--time-limit", "5", stdout=stdout)

    schedule = json.loads(out.read_text(encoding="utf-8"))
    assert check(INSTANCE, schedule) == 6
    assert schedule["bound"] == 6.0
    assert stdout.getvalue() == "3 meetings, objective 6, 100.00% of the bound\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2"),
        (
            {**INSTANCE, "requests": [{"a": 1, "b": 99, "weight": 1}]},
            "is not a valid instance: request 0: participant 99 is not in the instance.",
        ),
        ({**INSTANCE, "tables": -3}, "is not a valid instance: tables must be at least 0, not -3."),
    ],
    ids=["not json", "unknown participant", "negative tables"],
)
def test_schedule_meetings_refuses_bad_input_with_code_2_and_writes_nothing(tmp_path, content, message):
    instance = _write(tmp_path / "instance.json", content)
    out = tmp_path / "schedule.json"

    with pytest.raises(CommandError) as caught:
        call_command("schedule_meetings", str(instance), "--out", str(out))

    assert caught.value.returncode == 2
    assert str(caught.value).startswith(f"{instance} {message}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance.json"]


def test_schedule_meetings_refuses_a_missing_file_with_code_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("schedule_meetings", str(tmp_path / "nowhere.json"), "--out", str(tmp_path / "out.json"))

    assert (caught.value.returncode, str(caught.value)) == (2, f"No such file: {tmp_path / 'nowhere.json'}")
    assert list(tmp_path.iterdir()) == []


def test_schedule_meetings_exits_with_code_2_from_the_command_line(tmp_path):
    instance = _write(tmp_path / "instance.json", {**INSTANCE, "slots": "twelve"})
    out = tmp_path / "schedule.json"

    finished = subprocess.run(  # noqa: S603  # our own interpreter and command, fixed arguments
        [sys.executable, "-m", "creativeports", "schedule_meetings", str(instance), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert finished.returncode == 2
    assert finished.stderr.strip() == (
        f"CommandError: {instance} is not a valid instance: slots must be a whole number, not 'twelve'."
    )
    assert not out.exists()


@pytest.mark.parametrize("limit", ["0", "-5", "soon", "inf"])
def test_schedule_meetings_refuses_a_time_limit_that_is_not_a_positive_number(tmp_path, limit):
    instance = _write(tmp_path / "instance.json", INSTANCE)

    with pytest.raises(CommandError) as caught:
        call_command("schedule_meetings", str(instance), "--out", str(tmp_path / "out.json"), "--time-limit", limit)

    assert str(caught.value) == (f"Error: argument --time-limit: {limit!r} is not a positive number of seconds")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance.json"]
