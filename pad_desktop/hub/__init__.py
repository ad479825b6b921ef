"""Update the model from a Hugging Face Hub repository: verified, hot-swapped, reversible.

    config = hub_config()                                 # HF_* settings (+ keyring token)
    candidate = check_for_update(config, active_model, state)   # commit, card, signature diff
    result = install_candidate(candidate, active_model=..., log=..., state=...)
    roll_back(active_model=..., log=...)

No Qt here: the dialog (`gui/update_dialog.py`) and the CLI (`cli/model.py`) call these.
"""

from pad_desktop.hub.candidate import Candidate
from pad_desktop.hub.config import HubConfig, hub_config
from pad_desktop.hub.errors import (
    HubError,
    HubNotConfigured,
    HubTimeout,
    HubUnreachable,
    NotFoundOnHub,
    SignatureChanged,
    StoreError,
    VerificationError,
)
from pad_desktop.hub.signature_diff import SignatureDiff, compare_signatures
from pad_desktop.hub.store import SHIPPED, InstalledModel, ModelStore
from pad_desktop.hub.update import (
    UpdateResult,
    check_for_update,
    install_candidate,
    installed_version,
    roll_back,
    use_version,
)

__all__ = [
    "SHIPPED",
    "Candidate",
    "HubConfig",
    "HubError",
    "HubNotConfigured",
    "HubTimeout",
    "HubUnreachable",
    "InstalledModel",
    "ModelStore",
    "NotFoundOnHub",
    "SignatureChanged",
    "SignatureDiff",
    "StoreError",
    "UpdateResult",
    "VerificationError",
    "check_for_update",
    "compare_signatures",
    "hub_config",
    "install_candidate",
    "installed_version",
    "roll_back",
    "use_version",
]
