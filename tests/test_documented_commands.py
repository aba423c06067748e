"""Every shell command in README.md and docs/ runs as written: the cheap ones run here, each of the
others is exercised by the test named for it. A command added to the docs without either fails."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^\s*```sh\n(.*?)^\s*```", re.S | re.M)

# Run here, through `make -n` (prints what the target would do, without doing it).
RUN_HERE = {
    "make run": ["make", "-n", "run"],
    "make test": ["make", "-n", "test"],
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make test": ["make", "-n", "test"],
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_loadtest make loadtest": ["make", "-n", "loadtest"],
    "make demo-totp EMAIL=editor@example.com": ["make", "-n", "demo-totp", "EMAIL=editor@example.com"],
}

# Exercised, with the same arguments, by these tests (file::function).
EXERCISED_BY = {
    "python manage.py import_article tests/data/markdown_page.md --dry-run": (
        "tests/test_importer.py::test_dry_run_prints_json_and_writes_nothing"
    ),
    'curl -b "sessionid=…" "http://127.0.0.1:8000/api/estimate?procedure=63030&procedure=22612'
    '&coverage=medicare&deductible_remaining=0"': "tests/test_estimate_api.py::test_the_worked_example_through_the_api",
    "python manage.py backup backups/portal-2026-01-31.dump": (
        "tests/test_backup_restore.py::test_backup_then_restore_gives_back_every_row"
    ),
    "python manage.py restore backups/portal-2026-01-31.dump --yes": (
        "tests/test_backup_restore.py::test_backup_then_restore_gives_back_every_row"
    ),
}


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for block in FENCE.findall(path.read_text()):
            for line in block.splitlines():
                command = re.sub(r"\s+#.*$", "", line).strip()
                if command and not command.startswith("#"):
                    found.append((path.relative_to(ROOT).as_posix(), command))
    return found


def test_the_docs_hold_shell_commands():
    assert len(documented_commands()) >= 6


@pytest.mark.parametrize(("where", "command"), documented_commands())
def test_each_documented_command_runs_here_or_is_exercised_by_a_named_test(where, command):
    assert command in RUN_HERE or command in EXERCISED_BY, (
        f"{where}: `{command}` is a new shell command; run it in RUN_HERE or name the test that exercises it"
    )
    if command in RUN_HERE:
        # DATABASE_URL is set under pytest, so make's embedded-PostgreSQL wrapper starts nothing.
        result = subprocess.run(
            RUN_HERE[command], cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        file, function = EXERCISED_BY[command].split("::")
        assert f"def {function}(" in (ROOT / file).read_text(), EXERCISED_BY[command]


def test_the_readme_stays_short_and_links_the_docs():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    for page in ("architecture", "staff-guide", "operations", "security"):
        assert f"docs/{page}.md" in readme
        assert (ROOT / "docs" / f"{page}.md").exists()
