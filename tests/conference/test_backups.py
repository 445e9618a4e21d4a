"""Backup and restore (conference/backups.py): a round trip gives back every row and every uploaded file.

The archive is restored into a database of its own (PostgreSQL: created here under a unique
name and dropped afterwards; SQLite: a new file) and compared table by table: the number of
rows and a checksum of all rows in a fixed order, plus every uploaded file byte for byte.
"""

import hashlib
import io
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from conference import backups, services
from conference.models import TableSheetPhoto, TableTalk, User

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore round trip: needs PostgreSQL"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite online backup round trip")


def _jpeg(colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("tafelvel.jpg", buffer.getvalue(), content_type="image/jpeg")


def _fill(settings, media: Path) -> None:
    """The demo data plus uploads: two table-sheet photos (with thumbnails) and the site's logo."""
    _use_media(settings, media)
    call_command("load_demo", stdout=io.StringIO())
    partner = User.objects.get(email="partner@example.org")
    for table, colour in zip(TableTalk.objects.order_by("pk")[:2], ("orange", "teal"), strict=True):
        services.add_sheet_photo(table_talk=table, upload=_jpeg(colour), user=partner, description="Tafelvel")
    logo = io.BytesIO()
    Image.new("RGBA", (300, 100), (20, 80, 160, 255)).save(logo, format="PNG")
    services.save_site_settings(logo=SimpleUploadedFile("logo.png", logo.getvalue(), content_type="image/png"))


def _use_media(settings, folder: Path) -> None:
    """Both upload folders under one: the public one (logos) and the private one (photos of table sheets)."""
    settings.MEDIA_ROOT = folder / "public"
    settings.PRIVATE_MEDIA_ROOT = folder / "private"


def _files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def _pg_connect(settings_dict, name):
    params = {"dbname": name, "host": settings_dict["HOST"], "port": settings_dict["PORT"]}
    params |= {"user": settings_dict["USER"], "password": settings_dict["PASSWORD"]}
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


def _pg_fingerprint(settings_dict, name) -> tuple[dict, list]:
    """Per table: row count and md5 of all rows ordered by their text; and every sequence's position."""
    with _pg_connect(settings_dict, name) as pg:
        tables = [row[0] for row in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        fingerprint = {}
        for table in sorted(tables):
            fingerprint[table] = pg.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608 - names from the catalogue
            ).fetchone()
        sequences = pg.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        return fingerprint, sorted(sequences.fetchall())


def _sqlite_fingerprint(cursor) -> dict:
    tables = [row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    fingerprint = {}
    for table in sorted(tables):
        rows = sorted(repr(row) for row in cursor.execute(f'SELECT * FROM "{table}"').fetchall())  # noqa: S608
        fingerprint[table] = (len(rows), hashlib.md5("\n".join(rows).encode()).hexdigest())  # noqa: S324 - a checksum
    return fingerprint


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_every_row_and_file_into_a_new_database(settings, tmp_path):
    _fill(settings, tmp_path / "media")
    archive = backups.create_backup(connection=connection, directory=tmp_path / "backups")
    source = connection.settings_dict
    name = f"restore_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{quote(source['USER'] or '')}:{quote(source['PASSWORD'] or '')}@"
        url += f"{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{name}"
        _use_media(settings, tmp_path / "restored-media")
        call_command("restore", str(archive), database_url=url, stdout=io.StringIO())

        restored, original = _pg_fingerprint(source, name), _pg_fingerprint(source, source["NAME"])
        assert restored == original
        tables, sequences = original
        assert tables["conference_tablesheetphoto"][0] == 2
        assert sum(count for count, _md5 in tables.values()) > 500
        assert len(sequences) > 40
        assert _files(tmp_path / "restored-media") == _files(tmp_path / "media")
        assert len(_files(tmp_path / "media")) == 5  # two photos, two thumbnails, one logo

        _use_media(settings, tmp_path / "empty-media")
        with pytest.raises(CommandError, match=r"is not empty \(\d+ tables.*Nothing was changed"):
            call_command("restore", str(archive), database_url=url, stdout=io.StringIO())
        assert _pg_fingerprint(source, name) == original
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_every_row_and_file_into_a_new_file(settings, tmp_path):
    _fill(settings, tmp_path / "media")
    archive = backups.create_backup(connection=connection, directory=tmp_path / "backups")
    target = tmp_path / "restored.sqlite3"

    _use_media(settings, tmp_path / "restored-media")
    call_command("restore", str(archive), database_url=f"sqlite:///{target}", stdout=io.StringIO())

    name = str(connection.settings_dict["NAME"])  # a shared in-memory database under pytest: a URI
    with closing(sqlite3.connect(name, uri=name.startswith("file:"))) as original_db:
        original = _sqlite_fingerprint(original_db.cursor())  # plain sqlite3 on both sides: the same values
    with closing(sqlite3.connect(target)) as restored_db:
        restored = _sqlite_fingerprint(restored_db.cursor())
    assert restored == original
    assert original["conference_tablesheetphoto"][0] == TableSheetPhoto.objects.count() == 2
    assert sum(count for count, _md5 in original.values()) > 500
    assert _files(tmp_path / "restored-media") == _files(tmp_path / "media")
    assert len(_files(tmp_path / "media")) == 5


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(settings, tmp_path):
    _use_media(settings, tmp_path / "media")
    archive = backups.create_backup(connection=connection, directory=tmp_path / "backups")
    users = User.objects.count()
    _use_media(settings, tmp_path / "empty-media")

    with pytest.raises(CommandError, match=r"is not empty .*Restore only into an empty database"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert User.objects.count() == users
    assert not (tmp_path / "empty-media").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_upload_folder_that_holds_files(settings, tmp_path):
    _use_media(settings, tmp_path / "media")
    archive = backups.create_backup(connection=connection, directory=tmp_path / "backups")
    busy = tmp_path / "busy-media"
    (busy / "public" / "brand").mkdir(parents=True)
    (busy / "public" / "brand" / "logo.png").write_bytes(b"someone else's logo")
    _use_media(settings, busy)
    users = User.objects.count()

    with pytest.raises(
        CommandError, match=r"busy-media/public \(storage 'default'\) is not empty.*Nothing was changed"
    ):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert User.objects.count() == users
    assert (busy / "public" / "brand" / "logo.png").read_bytes() == b"someone else's logo"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.tar"
    not_a_backup.write_text("not a tar archive")

    with pytest.raises(CommandError, match="is not a portal backup"):
        call_command("restore", str(not_a_backup), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}")


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_only_the_newest_archives_when_asked(settings, tmp_path):
    _use_media(settings, tmp_path / "media")
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20260101T000000Z", "20260102T000000Z", "20260103T000000Z"):
        (folder / f"werkconferentie-{stamp}.tar").write_bytes(b"old")

    call_command("backup", output_dir=folder, keep=2, stdout=io.StringIO())

    names = sorted(path.name for path in folder.glob("*.tar"))
    assert len(names) == 2
    assert names[0] == "werkconferentie-20260103T000000Z.tar"
    assert oct((folder / names[1]).stat().st_mode & 0o777) == "0o600"
