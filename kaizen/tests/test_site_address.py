"""The demo's printed address and e-mails' links follow the port `make run` serves on."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def dry_run(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    return subprocess.run(
        [
            "make",
            "-n",
            "--always-make",
            "run",
            *(f"{k}={v}" for k, v in env.items() if k == "HOST_PORT"),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_demo_and_the_server_use_the_port_served() -> None:
    commands = dry_run(HOST_PORT="127.0.0.1:8123")
    assert "SITE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py load_demo" in commands
    assert "export SITE_URL=http://127.0.0.1:8123" in commands
    assert "runserver 127.0.0.1:8123" in commands


def test_a_configured_site_address_wins() -> None:
    commands = dry_run(HOST_PORT="127.0.0.1:8123", SITE_URL="https://kaizen.example.nhs.uk")
    assert "SITE_URL=https://kaizen.example.nhs.uk .venv/bin/python manage.py load_demo" in commands


def test_the_readme_names_host_port() -> None:
    assert "HOST_PORT" in (ROOT / "README.md").read_text()
