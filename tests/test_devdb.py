"""`make run` and `make test` start the embedded PostgreSQL only when DATABASE_URL is unset."""

import sys

from portal import devdb


def test_with_database_url_the_command_runs_and_nothing_starts(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    monkeypatch.setattr(devdb, "start", lambda: (_ for _ in ()).throw(AssertionError("started a server")))
    assert devdb.main([sys.executable, "-c", "import sys; sys.exit(3)"]) == 3


def test_when_the_wheel_cannot_start_one_sentence_names_database_url(monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    def broken():
        raise OSError("initdb: cannot be run on this platform")

    monkeypatch.setattr(devdb, "start", broken)
    assert devdb.main(["true"]) == 1
    message = capsys.readouterr().err.strip()
    assert message == devdb.CANNOT_START
    assert "DATABASE_URL" in message
    assert "\n" not in message
