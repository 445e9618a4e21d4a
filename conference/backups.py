"""Backups of the database and the uploaded files in one archive, and their restore.

``manage.py backup`` (``make backup``) writes ``werkconferentie-<UTC time>.tar`` into
``BACKUP_DIR``: ``manifest.json`` (what is inside, with a SHA-256 per file), the database and
the files of every file-system storage (``STORAGES`` but the static files; ``MEDIA_ROOT`` is
the default one). The database part is consistent on its own:

- PostgreSQL: ``pg_dump -Fc`` (one snapshot of the whole database);
- SQLite: the online backup API of SQLite, page by page from the open connection, never a
  copy of a file that may be mid-write.

The database is dumped first, then the files are read, so a file uploaded meanwhile may be in
the archive without a row pointing at it (harmless); a file deleted meanwhile may be missing.

``manage.py restore FILE`` (``make restore FILE=...``) puts both back, but only into an EMPTY
database and empty storage folders: it never mixes a backup with live data. Checksums are
verified before anything is written; PostgreSQL restores in one transaction (all or nothing).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

FORMAT = 1
PREFIX = "werkconferentie-"
MANIFEST = "manifest.json"
DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    vendor: str
    tables: int
    files: dict[str, int]  # storage alias -> files put back


def file_storages() -> dict[str, Path]:
    """Folder of every file-system storage whose files are ours to keep (uploads, not static files)."""
    folders = {}
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            folders[alias] = Path(storage.location)
    return folders


def vendor_of(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict:
    """libpq's environment for pg_dump/pg_restore: no password on a command line."""
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - fixed programs
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


# --- backup ------------------------------------------------------------------------------------


def _dump_database(connection, target: Path) -> None:
    vendor = vendor_of(connection.settings_dict)
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--file", str(target)], _pg_env(connection.settings_dict))
        return
    if connection.in_atomic_block:  # SQLite's backup would wait forever for this connection's own transaction
        raise BackupError("Back up SQLite outside a transaction.")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # SQLite's online backup API, from the live connection
    finally:
        destination.close()


def create_backup(*, connection, directory: Path, now: datetime | None = None) -> Path:
    """Write one archive of the database behind ``connection`` and the uploaded files; return its path."""
    now = now or datetime.now(UTC)
    vendor = vendor_of(connection.settings_dict)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # the dump is written here before it is packed
    final = directory / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}.tar"
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and try again.")
    with tempfile.TemporaryDirectory(prefix="backup-", dir=directory) as work:
        dump = Path(work) / DUMP_FILES[vendor]
        _dump_database(connection, dump)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {"vendor": vendor, "file": dump.name, "sha256": _sha256(dump)},
            "storages": {},
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=dump.name)
            for alias, folder in file_storages().items():
                files = {}
                for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                    if path.is_file() and not path.is_symlink():
                        relative = path.relative_to(folder).as_posix()
                        files[relative] = _sha256(path)
                        archive.add(path, arcname=f"files/{alias}/{relative}")
                manifest["storages"][alias] = {"files": files}
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            archive.addfile(info, fileobj=io.BytesIO(data))
        partial.rename(final)  # appears whole or not at all
    final.chmod(0o600)  # personal data: readable by the owner only
    return final


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives; return what was deleted."""
    archives = sorted(directory.glob(f"{PREFIX}*.tar"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# --- restore -----------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, json.JSONDecodeError) as error:
        raise BackupError("This file is not a portal backup: it has no readable manifest.json.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; this portal reads format {FORMAT}.")
    return manifest


def _tables_in(db: dict) -> list[str]:
    """Tables already in the target database (none when it is empty or, for SQLite, missing)."""
    if vendor_of(db) == "sqlite":
        name = str(db["NAME"])
        is_uri = name.startswith("file:")  # e.g. a shared in-memory database
        if not is_uri and not Path(name).exists():
            return []
        with closing(sqlite3.connect(name, uri=is_uri)) as connection:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return [name for (name,) in rows]
    params = {"dbname": db["NAME"], "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    params |= {"user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}, connect_timeout=10) as connection:
            rows = connection.execute(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
    except psycopg.OperationalError as error:
        raise BackupError(f"Cannot connect to the database {db['NAME']!r} to restore into: {error}".strip()) from error
    return [name for (name,) in rows]


def _check_empty_targets(manifest: dict, db: dict, folders: dict[str, Path]) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != vendor_of(db):
        raise BackupError(f"This backup holds a {vendor} database; the target database is {vendor_of(db)}.")
    for alias in manifest["storages"]:
        if alias not in folders:
            raise BackupError(f"The backup has files of the storage {alias!r}, which this site does not have.")
        folder = folders[alias]
        if folder.is_dir() and any(path.is_file() for path in folder.rglob("*")):
            raise BackupError(
                f"The folder {folder} (storage {alias!r}) is not empty. Restore only into an empty folder: "
                "move its files away or set MEDIA_ROOT to a new folder. Nothing was changed."
            )
    tables = _tables_in(db)
    if tables:
        raise BackupError(
            f"The database {db['NAME']!r} is not empty ({len(tables)} tables, e.g. {sorted(tables)[0]}). "
            "Restore only into an empty database: create a new one, point DATABASE_URL at it and run the "
            "restore again. Nothing was changed."
        )


def _verify(work: Path, manifest: dict) -> None:
    database = manifest["database"]
    if _sha256(work / database["file"]) != database["sha256"]:
        raise BackupError("The database dump in the archive is damaged (checksum differs). Nothing was changed.")
    for alias, storage in manifest["storages"].items():
        for relative, digest in storage["files"].items():
            path = work / "files" / alias / relative
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"The file {relative} ({alias}) in the archive is damaged. Nothing was changed.")


def _restore_database(dump: Path, db: dict) -> None:
    if vendor_of(db) == "postgresql":
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run([*command, "--dbname", db["NAME"], str(dump)], _pg_env(db))
        return
    target = Path(db["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    source, destination = sqlite3.connect(dump), sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def restore_backup(*, archive_path: Path, db: dict, folders: dict[str, Path] | None = None) -> Restored:
    """Restore ``archive_path`` into the empty database ``db`` (a Django settings dict) and empty folders."""
    folders = file_storages() if folders is None else folders
    if not archive_path.is_file():
        raise BackupError(f"No backup at {archive_path}.")
    try:
        archive = tarfile.open(archive_path)  # noqa: SIM115 - closed below
    except tarfile.ReadError as error:
        raise BackupError(f"{archive_path} is not a portal backup (not a tar archive).") from error
    with archive, tempfile.TemporaryDirectory(prefix="restore-") as folder:
        manifest = _read_manifest(archive)
        _check_empty_targets(manifest, db, folders)
        work = Path(folder)
        archive.extractall(work, filter="data")  # refuses absolute paths, "..", links out of the folder
        _verify(work, manifest)
        _restore_database(work / manifest["database"]["file"], db)
        counts = {}
        for alias, storage in manifest["storages"].items():
            for relative in storage["files"]:
                target = folders[alias] / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(work / "files" / alias / relative, target)
            counts[alias] = len(storage["files"])
    return Restored(vendor=manifest["database"]["vendor"], tables=len(_tables_in(db)), files=counts)
