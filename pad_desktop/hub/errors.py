"""What can go wrong while updating the model, each worded for the officer who asked.

Every failure leaves the installed model serving; the message says what went wrong and, where
it helps, what to do. An error carries a sentence key of `hub.texts` and its values:
`exc.text("fr")` words it in French, `str(exc)` is the English (logs, scripts).
`HubError.one_line(lang)` is what the status bar shows when a check fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pad_desktop.hub.texts import HUB_TEXTS, hub_text

if TYPE_CHECKING:
    from pad_desktop.hub.signature_diff import SignatureDiff


class HubError(Exception):
    """A model update that did not happen; the current model keeps serving.

    `HubError("no_version", name="x")` is the sentence `no_version` of `hub.texts`; a text that
    is not a key there is kept as it is, in every language (a caller's own message).
    """

    def __init__(self, key: str = "", **values: Any) -> None:
        self.key = key if key in HUB_TEXTS else None
        self.values = values
        super().__init__(self.text("en") if self.key else key)

    def text(self, lang: str = "en") -> str:
        """The whole sentence in `lang` ("en" or "fr"; other tags fall back to English)."""
        if self.key is None:
            return str(self)
        return hub_text(self.key, lang, **self.values)

    def one_line(self, lang: str = "en") -> str:
        text = self.text(lang)
        return text.splitlines()[0] if text else type(self).__name__


class HubNotConfigured(HubError):
    """No repository is configured (HF_REPO_ID)."""


class HubUnreachable(HubError):
    """No answer at all: server down, no network, DNS failure (the offline case)."""


class HubTimeout(HubError):
    """The server accepted the connection, then did not answer within the timeout."""


class NotFoundOnHub(HubError):
    """Unknown repository, revision or file (or one this token may not read)."""

    def __init__(self, key: str, code: str = "NotFound", **values: Any) -> None:
        super().__init__(key, **values)
        self.code = code  # the Hub's X-Error-Code: RepoNotFound, RevisionNotFound, ...


class HubRefused(HubError):
    """The server answered with an error status we cannot do anything about."""


class VerificationError(HubError):
    """The downloaded files are not exactly what the Hub advertises, or the model is unusable."""


class SignatureChanged(HubError):
    """The candidate takes different inputs; installing it needs an explicit acceptance."""

    def __init__(self, key: str, diff: SignatureDiff, **values: Any) -> None:
        super().__init__(key, **values)
        self.diff = diff


class StoreError(HubError):
    """The local model store cannot do what was asked (nothing to roll back to, ...)."""
