"""The smallest change of an applicant's actionable fields that turns a refusal into an approval.

See `search`; the definitions are in `pad_desktop.explain`'s docstring.
"""

from __future__ import annotations
