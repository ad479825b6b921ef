"""Size of the standalone build: installed (the one-folder dist) and as a distributable.

    uv run pyinstaller --noconfirm --log-level WARN --workpath build/pyi \
        --distpath build/dist build.spec
    uv run python benchmarks/build_size.py [build/dist/pad-desktop] [--top 25]

Prints the installed size (bytes of every file, as `du --apparent-size` counts them, and the
disk blocks `du` counts), the size of the folder as a `.tar.zst` (zstd -10 by default, long
window: what a download would weigh) and as a `.zip` (deflate, what Windows users unpack), and
the largest files, so that the next cut starts from the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def installed(dist: Path) -> tuple[int, int, list[tuple[int, str]]]:
    """(apparent bytes, disk bytes, every file with its size)."""
    files = []
    apparent = disk = 0
    for path in dist.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        st = path.stat()
        apparent += st.st_size
        disk += st.st_blocks * 512
        files.append((st.st_size, str(path.relative_to(dist))))
    return apparent, disk, sorted(files, reverse=True)


def tar_zstd(dist: Path, out: Path, level: int) -> float:
    start = time.perf_counter()
    zstd = f"zstd -{level} --long=27 -T0"
    command = ["tar", "-C", str(dist.parent), "-I", zstd, "-cf", str(out), dist.name]
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def zip_deflate(dist: Path, out: Path) -> float:
    start = time.perf_counter()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(dist.rglob("*")):
            if path.is_file():
                archive.write(path, Path(dist.name) / path.relative_to(dist))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", nargs="?", type=Path, default=ROOT / "build/dist/pad-desktop")
    parser.add_argument("--top", type=int, default=25, help="largest files to list")
    parser.add_argument("--no-archives", action="store_true", help="installed size only")
    parser.add_argument("--level", type=int, default=10, help="zstd level of the .tar.zst")
    args = parser.parse_args()
    dist = args.dist.resolve()
    apparent, disk, files = installed(dist)
    result: dict = {
        "installed_mb": round(apparent / MB, 1),
        "installed_disk_mb": round(disk / MB, 1),
        "files": len(files),
    }
    if not args.no_archives and shutil.which("zstd"):
        with tempfile.TemporaryDirectory(prefix="pad-size-") as tmp:
            tar = Path(tmp) / "pad-desktop.tar.zst"
            seconds = tar_zstd(dist, tar, args.level)
            result[f"tar_zst{args.level}_mb"] = round(tar.stat().st_size / MB, 1)
            result["tar_zst_seconds"] = round(seconds, 1)
            tar.unlink()
            archive = Path(tmp) / "pad-desktop.zip"
            seconds = zip_deflate(dist, archive)
            result["zip_mb"] = round(archive.stat().st_size / MB, 1)
            result["zip_seconds"] = round(seconds, 1)
    result["largest"] = [[round(size / MB, 1), name] for size, name in files[: args.top]]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
