"""What can go wrong while updating the model, each worded for the officer who asked.

Every failure leaves the installed model serving; the message says what went wrong and, where
it helps, what to do. `HubError.one_line()` is what the status bar shows when a check fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pad_desktop.hub.signature_diff import SignatureDiff


class HubError(Exception):
    """A model update that did not happen; the current model keeps serving."""

    def one_line(self) -> str:
        return str(self).splitlines()[0] if str(self) else type(self).__name__


class HubNotConfigured(HubError):
    """No repository is configured (HF_REPO_ID)."""


class HubUnreachable(HubError):
    """No answer at all: server down, no network, DNS failure (the offline case)."""


class HubTimeout(HubError):
    """The server accepted the connection, then did not answer within the timeout."""


class NotFoundOnHub(HubError):
    """Unknown repository, revision or file (or one this token may not read)."""

    def __init__(self, message: str, code: str = "NotFound") -> None:
        super().__init__(message)
        self.code = code  # the Hub's X-Error-Code: RepoNotFound, RevisionNotFound, ...


class HubRefused(HubError):
    """The server answered with an error status we cannot do anything about."""


class VerificationError(HubError):
    """The downloaded files are not exactly what the Hub advertises, or the model is unusable."""


class SignatureChanged(HubError):
    """The candidate takes different inputs; installing it needs an explicit acceptance."""

    def __init__(self, message: str, diff: SignatureDiff) -> None:
        super().__init__(message)
        self.diff = diff


class StoreError(HubError):
    """The local model store cannot do what was asked (nothing to roll back to, ...)."""
