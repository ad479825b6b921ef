"""Qt Core's ICU data library with fewer locales, for the standalone build (`build.spec`).

PySide6 ships ICU's full data as a shared library (`libicudata.so.73`, 31 MB: every CLDR locale's
names, collations, units and currencies, as one "common data" package behind the symbol
`icudt73_dat`). Qt Core reads it for QCollator (the file dialog's sort), locale-aware case
mapping, time zone names and the legacy text codecs. `subset_library` rebuilds it with the
locale bundles of the given languages only, plus everything that is not a locale bundle (root,
the shared key pool, the converters, normalisation, break rules, time zones, supplemental
data): in the build's English and French every answer is the same; another locale's tailored
sort order and zone names fall back to ICU's root ones.

The package format (ICU's `CmnD`): a data header, then a table of contents (count, then per
item the offsets of its name and of its data, both from the end of the header), the names
(`icudt73l/fr.res`, sorted: ICU searches them by bisection), then the items, 16-byte aligned.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Collection
from pathlib import Path

LANGUAGES = ("en", "fr")
# A locale bundle, in the top folder or a category's (coll/, zone/, lang/...): "fr.res",
# "fr_CA.res", "sr_Latn_BA.res", "coll/de_.res"; "root" and "pool" are always kept.
LOCALE_BUNDLE = re.compile(r"(?:\w+/)?([a-z]{2,3})(?:_[A-Za-z0-9]*)*\.res")
ALWAYS = ("root", "pool")


def items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, data)]) of an ICU common data package, in its order."""
    header = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD" or package[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    count = struct.unpack_from("<I", package, header)[0]
    toc = [struct.unpack_from("<II", package, header + 4 + 8 * i) for i in range(count)]
    ends = [data_at for _, data_at in toc[1:]] + [len(package) - header]
    found = []
    for (name_at, data_at), end in zip(toc, ends, strict=True):
        name_end = package.index(b"\0", header + name_at)
        name = package[header + name_at : name_end].decode("ascii")
        found.append((name, package[header + data_at : header + end]))
    return package[:header], found


def package_bytes(header: bytes, entries: list[tuple[str, bytes]]) -> bytes:
    """An ICU common data package holding `entries` (sorted by name, as `items` gives them)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in entries)
    name_at, at = [], 4 + 8 * len(entries)
    for name, _ in entries:
        name_at.append(at)
        at += len(name.encode("ascii")) + 1
    start = -(-(len(header) + at) // 16) * 16 - len(header)  # first item 16-byte aligned
    data_at, data = [], bytearray()
    for _, item in entries:
        data_at.append(start + len(data))
        data += item + b"\0" * (-(len(header) + start + len(data) + len(item)) % 16)
    toc = b"".join(struct.pack("<II", n, d) for n, d in zip(name_at, data_at, strict=True))
    body = struct.pack("<I", len(entries)) + toc + names
    return header + body + b"\0" * (start - len(body)) + bytes(data)


def keeps(languages: Collection[str]) -> Callable[[str], bool]:
    """Whether an item (`icudt73l/coll/fr.res`) stays: not a locale bundle, or one of these."""

    def kept(name: str) -> bool:
        bundle = LOCALE_BUNDLE.fullmatch(name.split("/", 1)[1])
        return bundle is None or bundle[1] in languages or bundle[1] in ALWAYS

    return kept


def data_symbol(library: Path) -> tuple[str, int, int] | None:
    """(symbol, file offset, size) of the package in an ICU data library, via `nm`."""
    if shutil.which("nm") is None:
        return None
    nm = ["nm", "-D", "-S", "--defined-only", str(library)]
    listed = subprocess.run(nm, capture_output=True, text=True, check=False).stdout
    found = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", listed, re.M)
    if found is None:
        return None
    return found[3], int(found[1], 16), int(found[2], 16)  # address = offset in these libraries


def subset_library(
    library: Path, work: Path, languages: Collection[str] = LANGUAGES
) -> Path | None:
    """`library` rebuilt in `work` with `languages`' locale bundles only (same soname and
    symbol); None when the builder lacks gcc or nm, or the library is not laid out as expected
    (the caller then keeps the shipped one)."""
    located = data_symbol(library)
    if located is None or shutil.which("gcc") is None:
        return None
    symbol, at, size = located
    try:
        header, entries = items(library.read_bytes()[at : at + size])
    except (ValueError, struct.error):
        return None
    kept = [entry for entry in entries if keeps(languages)(entry[0])]
    package = package_bytes(header, kept)
    if items(package)[1] != kept:
        raise AssertionError("the rebuilt ICU package does not read back as written")
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"{symbol}.dat"
    data.write_bytes(package)
    source = work / f"{symbol}.S"
    source.write_text(
        f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n"
        f'.incbin "{data}"\n.size {symbol}, . - {symbol}\n.section .note.GNU-stack,"",@progbits\n'
    )
    target = work / library.name
    gcc = ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-Wl,-z,noexecstack"]
    subprocess.run([*gcc, "-o", str(target), str(source)], check=True)
    return target
