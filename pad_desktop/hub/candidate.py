"""Check for an update: resolve the revision to a commit and describe the bundle it holds.

Only the small descriptive files (MLmodel, README.md) are fetched here, verified like the rest,
so the officer sees what would change before downloading the model itself.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pad_desktop.hub.client import HubClient, run_cancellable
from pad_desktop.hub.config import HubConfig
from pad_desktop.hub.errors import VerificationError
from pad_desktop.hub.layout import Layout, plan_layout
from pad_desktop.hub.safe_paths import inside
from pad_desktop.hub.signature_diff import SignatureDiff, compare_signatures
from pad_desktop.hub.texts import Number, hub_text, metric_label, phrase
from pad_desktop.hub.transfer import RemoteFile, fetch_file
from pad_desktop.model.bundle import Bundle, BundleError, load_bundle
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.texts.locale_text import format_number

DESCRIPTIVE = ("MLmodel", "README.md")


@dataclass(frozen=True)
class Candidate:
    """A bundle on the Hub, pinned to one commit, and how it differs from the current model."""

    config: HubConfig
    commit: str
    date: str
    layout: Layout
    name: str = ""
    version: str = ""
    threshold: float | None = None
    card_summary: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    diff: SignatureDiff | None = None  # None: known only after download (archive repos)
    current_threshold: float | None = None

    @property
    def short_commit(self) -> str:
        return self.commit[:12]

    @property
    def folder_name(self) -> str:
        """The model store folder this candidate installs into: `<org>--<repo>--<sha12>`."""
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", self.config.repo_id.replace("/", "--"))
        return f"{safe}--{self.short_commit}"

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.layout.files)

    def describe(self, lang: str = "en") -> list[tuple[str, str]]:
        """Label/value rows for the CLI, in `lang` (numbers as the language writes them)."""

        def say(key: str, **values: Any) -> str:
            return hub_text(key, lang, **values)

        model = f"{self.name} {self.version}".strip() or say("row_model_later")
        files = say("row_download_value", count=len(self.layout.files))
        size = say("row_download_size", size=Number(self.total_bytes / 1e6, 2))
        revision = say("row_revision_value", revision=self.config.revision, commit=self.commit)
        rows = [
            (say("row_repository"), f"{self.config.repo_id} ({self.config.shown_endpoint})"),
            (say("row_revision"), revision),
            (say("row_date"), self.date),
            (say("row_model"), model),
            (say("row_download"), f"{files}, {size}"),
        ]
        if self.threshold is not None:
            changed = self.current_threshold not in (None, self.threshold)
            was = say("row_threshold_was", value=self.current_threshold) if changed else ""
            rows.append((say("row_threshold"), format_number(self.threshold, lang) + was))
        for key, value in self.metrics.items():
            if key == "threshold":  # shown above
                continue
            number = isinstance(value, float)
            shown = format_number(float(f"{value:.4g}"), lang) if number else value
            rows.append((metric_label(key, lang), str(shown)))
        inputs = self.diff.summary(lang) if self.diff else say("row_inputs_later")
        rows.append((say("row_inputs"), inputs))
        return rows


def find_candidate(
    config: HubConfig, current: Bundle | None = None, state: TaskState | None = None
) -> Candidate:
    """Resolve `config.revision` and describe the bundle; raise a `HubError` saying what failed."""
    if state is not None:
        state.set_progress(0.0, hub_text("progress_checking", state.lang, where=config.where()))
    return run_cancellable(lambda: _find(config, current, state), state)


def _find(config: HubConfig, current: Bundle | None, state: TaskState | None) -> Candidate:
    from pad_desktop.hub import metadata  # huggingface_hub: loaded on first use, not at start

    commit, date = metadata.revision_info(config)
    layout = plan_layout(config, metadata.list_files(config, commit))
    base = Candidate(config, commit, date, layout)
    if layout.archive is not None:
        return base
    with HubClient(config) as client, tempfile.TemporaryDirectory(prefix="pad-hub-card-") as tmp:
        for remote in layout.files:
            if remote.path.rsplit("/", 1)[-1] in DESCRIPTIVE and _at_root(layout, remote):
                dest = inside(Path(tmp), layout.target(remote), phrase("listing"))
                fetch_file(client, commit, remote, dest, state)
        bundle = _describe(Path(tmp))
        summary = card_summary(bundle.card)  # read while the card is still on disk
    return Candidate(
        config,
        commit,
        date,
        layout,
        name=bundle.name,
        version=bundle.version,
        threshold=bundle.threshold,
        card_summary=summary,
        metrics=dict(bundle.training.get("metrics") or {}),
        diff=compare_signatures(current.signature, bundle.signature) if current else None,
        current_threshold=current.threshold if current else None,
    )


def _at_root(layout: Layout, remote: RemoteFile) -> bool:
    return "/" not in layout.target(remote)


def _describe(folder: Path) -> Bundle:
    """Read MLmodel and the card with the app's own reader, before model.onnx is downloaded."""
    (folder / "model.onnx").touch()  # load_bundle checks it exists; it is not read here
    try:
        return load_bundle(folder)
    except BundleError as exc:
        raise VerificationError("candidate_unusable", error=exc) from None


def card_summary(card: str, limit: int = 400) -> str:
    """The first paragraph of the model card after its title (YAML front matter skipped)."""
    text = re.sub(r"\A\s*---\n.*?\n---\n", "", card, flags=re.S)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = [p for p in paragraphs if not p.startswith("#")]
    summary = " ".join(body[0].split()) if body else ""
    return summary if len(summary) <= limit else summary[: limit - 1].rstrip() + "…"
