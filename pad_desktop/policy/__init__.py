"""The decision policy around the score: knock-out, referral and affordability rules, as data.

- `model`: what a policy is (inputs, constants, derived values, ordered rules), checked
  against the model's signature when it is built;
- `expressions`: CEL conditions (cel-python's parser), run column-wise with numpy;
- `load`: which file is in use (`PAD_POLICY`, the bundle's, the shipped one), its hash;
- `evaluate`: the rules fired per applicant and their effect, and the record's JSON;
- `check` and `replay`: `pad-desktop policy check POLICY [--replay]`;
- `texts`: every sentence, in English and French.
"""

from pad_desktop.policy.model import Outcome, Policy, Rule
from pad_desktop.policy.texts import PolicyError

__all__ = ["Outcome", "Policy", "PolicyError", "Rule"]
