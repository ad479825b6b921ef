"""pad_desktop: the credit-scoring workstation of Prêt à dépenser.

The top-level modules are the core (no Qt, no FastAPI); `gui/` and `api/` are thin adapters.
"""

__version__ = "0.1.0"
