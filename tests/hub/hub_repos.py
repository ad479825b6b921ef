"""A real Hub for tests and benchmarks: olah serving local git repositories, offline.

Repositories are git repos under `<mirror>/models/acme/<name>`. LFS is done by hand (git-lfs is
not installed): the commit holds the pointer text, the object sits at
`.git/lfs/objects/aa/bb/<sha256>`, which is where olah reads it from.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

LFS_SUFFIXES = (".onnx", ".cbm", ".zip")
ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "model"


OLAH_START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Olah:
    """An olah server in offline mode on a free loopback port, serving `mirror`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mirror = root / "mirror"
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._names = itertools.count()

    def config_text(self) -> str:
        netloc = f"127.0.0.1:{self.port}"
        return (
            "[basic]\n"
            f'host = "127.0.0.1"\nport = {self.port}\n'
            f'repos-path = "{self.root / "cache"}"\n'
            'mirror-scheme = "http"\n'
            f'mirror-netloc = "{netloc}"\nmirror-lfs-netloc = "{netloc}"\n'
            f'mirrors-path = ["{self.mirror}"]\n'
            "[accessibility]\noffline = true\n"
        )

    def new_repo(self, stem: str) -> HubRepo:
        return HubRepo(self.mirror, f"{stem}-{next(self._names)}")


@contextmanager
def run_olah(root: Path) -> Iterator[Olah]:
    server = Olah(root)
    (server.mirror / "models").mkdir(parents=True)
    config = root / "olah.toml"
    config.write_text(server.config_text())
    cli = Path(sys.executable).with_name("olah-cli")
    log_path = root / "olah.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(cli), "-c", str(config)], cwd=root, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + OLAH_START_SECONDS
            while not _answers(server.endpoint):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"olah did not start: {log_path.read_text()}")
                time.sleep(0.1)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _answers(endpoint: str) -> bool:
    try:
        httpx.get(endpoint + "/", timeout=1)
    except httpx.HTTPError:
        return False
    return True


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=30
    )
    return done.stdout.strip()


class HubRepo:
    """A model repository `acme/<name>` in olah's mirror folder."""

    def __init__(self, mirror: Path, name: str) -> None:
        self.repo_id = f"acme/{name}"
        self.path = mirror / "models" / "acme" / name
        self.path.mkdir(parents=True)
        git(self.path, "init", "-q", "-b", "main")
        git(self.path, "config", "user.email", "it@example.com")
        git(self.path, "config", "user.name", "IT")
        (self.path / ".gitattributes").write_text("*.onnx filter=lfs diff=lfs merge=lfs -text\n")

    def commit(self, bundle: Path, message: str, under: str = "", tag: str | None = None) -> str:
        """Replace the repo's content with `bundle` (in folder `under`); return the commit sha."""
        for old in self.path.iterdir():
            if old.name not in (".git", ".gitattributes"):
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        target = self.path / under if under else self.path
        target.mkdir(parents=True, exist_ok=True)
        files = [bundle] if bundle.is_file() else sorted(p for p in bundle.iterdir() if p.is_file())
        for src in files:
            dest = target / src.name
            if src.suffix in LFS_SUFFIXES:
                dest.write_text(self.store_lfs(src.read_bytes()))
            else:
                shutil.copyfile(src, dest)
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "-m", message)
        if tag:
            git(self.path, "tag", tag)
        return git(self.path, "rev-parse", "HEAD")

    def store_lfs(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        obj = self.lfs_object(sha)
        obj.parent.mkdir(parents=True, exist_ok=True)
        obj.write_bytes(data)
        return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {len(data)}\n"

    def lfs_object(self, sha256: str) -> Path:
        return self.path / ".git" / "lfs" / "objects" / sha256[:2] / sha256[2:4] / sha256


def bundle_variant(
    dest: Path,
    *,
    version: str = "2026.12.01",
    threshold: float = 0.2,
    rename: tuple[str, str] | None = None,
    expected_shift: float = 0.0,
) -> Path:
    """A copy of the shipped bundle with another version and threshold (same ONNX graph).

    `rename=(old, new)` renames an input in the signature, metadata and reference sample: the
    graph still scores (inputs are positional) but the signature changes incompatibly.
    `expected_shift` corrupts the reference sample's expected scores.
    """
    shutil.copytree(SHIPPED, dest)
    doc = yaml.safe_load((dest / "MLmodel").read_text(encoding="utf-8"))
    ours = doc["metadata"]["pad_desktop"]
    ours["version"] = version
    ours["threshold"] = threshold
    doc["metadata"]["best_threshold"] = threshold
    reference = (dest / "reference.csv").read_text(encoding="utf-8")
    if rename:
        old, new = rename
        doc["signature"]["inputs"] = doc["signature"]["inputs"].replace(f'"{old}"', f'"{new}"')
        for feature in ours["features"]:
            if feature["name"] == old:
                feature["name"] = new
        ours["example"][new] = ours["example"].pop(old)
        reference = reference.replace(old, new, 1)  # the header line comes first
    if expected_shift:
        import pandas as pd

        frame = pd.read_csv(dest / "reference.csv")
        frame["expected_probability"] = (frame["expected_probability"] + expected_shift).clip(0, 1)
        reference = frame.to_csv(index=False)
    (dest / "reference.csv").write_text(reference, encoding="utf-8")
    (dest / "MLmodel").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    card = (dest / "README.md").read_text(encoding="utf-8")
    (dest / "README.md").write_text(card.replace("2026.11.26", version, 1), encoding="utf-8")
    return dest
