"""One policy for every zip reportgen opens (workbooks, Word files): checked before any library
parses it, so a zip bomb, a lying or corrupt archive, or XML with entities is refused with one
located message instead of exhausting the machine or raising from deep inside a parser."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from reportgen.errors import InputError, Problem
from reportgen.limits import MAX_ARCHIVE_MEMBERS as MAX_MEMBERS

CHUNK = 1 << 20
# A DTD is how XML declares entities (the billion laughs, external files); Office never
# writes one, so any part that has one is refused.
DTDS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
LONGEST_DTD = max(len(dtd) for dtd in DTDS)


class _Refused(Exception):
    """Why an archive is refused, said in check_archive's message."""


def check_archive(
    path: Path, what: str, limit: int, needs: Iterable[str] = ("[Content_Types].xml",)
) -> None:
    """Refuse `path` unless it is a zip holding `needs`, unzipping to at most `limit` bytes
    (counted as read, not as its headers claim), whose parts pass their checksums and hold
    no DTD; `what` names the kind of file in messages ("an Excel .xlsx workbook")."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _Refused(f"holds {len(members):,} parts (allowed: up to {MAX_MEMBERS:,})")
            claimed = sum(member.file_size for member in members)
            if claimed > limit:
                raise _Refused(f"unzips to {claimed:,} bytes (allowed: up to {limit:,})")
            missing = sorted(set(needs) - set(archive.namelist()))
            if missing:
                raise _Refused(f"is not complete: it has no {', '.join(missing)}")
            total = 0
            for member in members:
                total += _read_member(archive, member, limit - total)
                if total > limit:  # its headers understated what it holds
                    raise _Refused(
                        f"unzips to more than {limit:,} bytes (allowed: up to {limit:,})"
                    )
    except _Refused as refusal:
        raise InputError([Problem(path.name, f"{refusal}; it should be {what}")]) from None
    except zipfile.BadZipFile as error:
        reason = "it is not a zip archive" if "not a zip" in str(error) else f"broken: {error}"
        raise InputError([Problem(path.name, f"is not {what} ({reason})")]) from None
    except (
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        OSError,
        EOFError,
        ValueError,
    ) as error:
        raise InputError([Problem(path.name, f"is not {what} (broken: {error})")]) from None


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> int:
    """Read one part, checking its checksum and XML, and stopping once it has used up `room`;
    return how many bytes it unzipped to."""
    size, tail = 0, b""
    with archive.open(member) as stream:  # zipfile checks the CRC as the part is read
        while size <= room and (chunk := stream.read(CHUNK)):
            size += len(chunk)
            if any(dtd in tail + chunk for dtd in DTDS):
                raise _Refused(f"has a DTD in {member.filename} (entities are not allowed)")
            tail = chunk[-LONGEST_DTD:]
    return size
