"""`pad-desktop serve`: the headless scoring API under uvicorn (no Qt is imported).

Loopback by default; any other address needs `PAD_API_KEY`. Settings reach the worker
processes through the environment, which is how uvicorn's workers get them too.
"""

from __future__ import annotations

import argparse
import os

from pad_desktop.texts import describe


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the scoring API over HTTP (headless)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (about one per core; they share the decision log)",
    )
    p.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help="model bundle to use")
    p.add_argument("--access-log", action="store_true", help="log every request (costs speed)")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pad_desktop.api.config import is_loopback
    from pad_desktop.cli.common import fail
    from pad_desktop.cli.texts import say
    from pad_desktop.runtime.settings import get_settings

    if getattr(args, "model", None):
        os.environ["PAD_MODEL"] = str(args.model)  # for every worker process
        get_settings.cache_clear()
    if not is_loopback(args.host) and not get_settings().api_key:
        return fail(say("serve_public", host=args.host))
    from pad_desktop.api.config import ApiConfig

    try:
        ApiConfig.from_env()
    except ValueError as exc:
        return fail(str(exc))
    problem = _preflight()
    if problem:
        return fail(*problem)
    import uvicorn

    uvicorn.run(
        "pad_desktop.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        log_level=args.log_level,
        timeout_graceful_shutdown=30,  # then the decision log drains (see the app's lifespan)
        server_header=False,
        # read deadline per request and connection cap (slow clients); JSON answers throughout
        http="pad_desktop.api.slow_clients:GuardedHttpProtocol",
    )
    return 0


def _preflight() -> tuple[str, int] | None:
    """The model and the decision log must open: say why in one line if they do not (and the
    exit code). The model is loaded as a worker loads it, its outputs checked."""
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog, SchemaBehind, StoreUnreadable
    from pad_desktop.model.active import active_bundle_path
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.model.scoring import Scorer

    try:
        Scorer.from_path(str(active_bundle_path()), threads=1)
    except BundleError as exc:
        return describe(exc, language()), exc.exit_code
    try:
        DecisionLog.open().close()
    except (SchemaBehind, StoreUnreadable) as exc:
        return str(exc), 2
    return None
