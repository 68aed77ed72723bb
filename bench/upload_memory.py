"""Peak memory of a large long-table upload from the browser's request to every chart (target:
under 1 GiB at 500 MB).

Writes a generated long table of about ``--mb`` megabytes as the body of a multipart upload in a
temporary directory (deleted after; never committed), then sends it through Django's own request
handling, as the browser would: the upload streamed to disk by Django's upload handlers, kept by
the long-table page, read and checked (the preview); then the confirmation, whose import the task
worker runs (here in this process, as the tests run tasks): every row checked again, every
measure created, every row stored and every chart drawn, in one transaction. Prints the file's
size, the time of each step and the process's peak resident memory after each, on a throwaway
SQLite database (or ``--postgres URL``).

``--read-only`` stops after reading and checking the file (read_long_table alone).

    .venv/bin/python bench/upload_memory.py [--mb 500] [--read-only] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaizen.settings")

POINTS = 60
ROW = "RX{org:03d},indicator_{series:05d},{period},{value},,\n"
BOUNDARY = "kaizen-bench-boundary"
MAPPING = {"series": "org_code, indicator", "period": "period", "value": "value"}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()
    if args.read_only:
        read_only(args.mb)
        return
    from platform_bench import with_throwaway_database

    with_throwaway_database(args.postgres, lambda: upload_and_import(args.mb))


def months() -> list[str]:
    return [dt.date(2020 + m // 12, m % 12 + 1, 1).isoformat() for m in range(POINTS)]


def read_only(mb: int) -> None:
    import django

    django.setup()
    from kaizen.imports.longtable import ColumnMapping, read_long_table

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "large.csv"
        with path.open("w") as out:
            write(out, mb * 1_000_000)
        before = peak_mb()
        started = time.perf_counter()
        mapping = ColumnMapping(series=("org_code", "indicator"), period="period", value="value")
        table = read_long_table(path, mapping, today=dt.date.today())
        seconds = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
    print(
        f"{size_mb:.0f} MB, {table.rows:,} rows, {len(table.series):,} series: read and checked "
        f"in {seconds:.1f} s; peak memory {peak_mb():.0f} MB (before reading {before:.0f} MB; "
        "target under 1,024 MB)"
    )


def upload_and_import(mb: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client, override_settings
    from django.urls import reverse
    from platform_bench import organisation_and_member

    from kaizen.imports.models import BulkImportJob, PendingBulkImport

    # The worker's run, in this process: its memory is what is measured.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ).enable()
    organisation, user = organisation_and_member()
    client = Client()
    client.force_login(user)
    directory = Path(tempfile.mkdtemp(prefix="kaizen-upload-"))
    settings.BULK_UPLOAD_DIR = directory / "kept"
    try:
        body = directory / "body"
        size_mb = write_body(body, mb * 1_000_000) / 1e6
        url = reverse("imports:import_bulk", kwargs={"org": organisation.slug})
        print(f"Upload of {size_mb:.0f} MB; before it, peak memory {peak_mb():.0f} MB", flush=True)
        started = time.perf_counter()
        page = post_file(client, url, body)
        assert "Check what will be imported" in page, page[:2000]
        print(
            f"uploaded, read and checked in {time.perf_counter() - started:.1f} s; peak memory "
            f"{peak_mb():.0f} MB",
            flush=True,
        )
        pending = PendingBulkImport.objects.get()
        started = time.perf_counter()
        response = client.post(
            reverse(
                "imports:import_bulk_confirm",
                kwargs={"org": organisation.slug, "pending_id": pending.pk},
            )
        )
        assert response.status_code == 302, response.content[:2000]
        job = BulkImportJob.objects.get()
        assert job.status == "done", (job.message, job.problems[:5])
        print(
            f"imported ({job.result['created']:,} measures, {job.result['new']:,} points, every "
            f"chart drawn) in {time.perf_counter() - started:.1f} s; peak memory {peak_mb():.0f} "
            "MB (target under 1,024 MB)",
            flush=True,
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return {}


def write_body(path: Path, size: int) -> int:
    """A multipart/form-data body: the file and the column mapping, as a browser sends them."""
    with path.open("w") as out:
        out.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="national.csv"\r\nContent-Type: text/csv\r\n\r\n'
        )
        write(out, size)
        out.write("\r\n")
        for name, value in MAPPING.items():
            out.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
        out.write(f"--{BOUNDARY}--\r\n")
    return path.stat().st_size


def post_file(client: Any, url: str, body: Path) -> str:
    """POST the body from disk through the test client's handler: Django reads it from the
    stream as a server would hand it over (the client's own post() would build it in memory)."""
    with body.open("rb") as stream:
        environ = client._base_environ(
            PATH_INFO=url,
            REQUEST_METHOD="POST",
            CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
            CONTENT_LENGTH=str(body.stat().st_size),
            **{"wsgi.input": stream},
        )
        response = client.handler(environ)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def write(out: Any, size: int) -> None:
    out.write("org_code,indicator,period,value,numerator,denominator\n")
    series = 0
    periods = months()
    while out.tell() < size:
        out.writelines(
            ROW.format(org=series % 200, series=series, period=month, value=series % 97 + i)
            for i, month in enumerate(periods)
        )
        series += 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
