"""`pad-desktop`: with no command, the desktop application; otherwise one of the subcommands.

Each subcommand lives in its own module exposing `register(subparsers)`; modules import their
heavy dependencies inside the handler so that `pad-desktop --help` stays instant.

Exit codes shared by every command: 0 done, 1 failed (one line says why), 2 bad usage,
3 unexpected failure (details in the error log), 4 the decision database must be created or
upgraded by an administrator (one line says what to run), 130 interrupted.

Messages are in French with `--lang fr` (before or after the command), `PAD_LANGUAGE=fr` or a
French locale (`LANG=fr_FR.UTF-8`); see `cli.texts`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Collection
from typing import Any

# Modules under pad_desktop.cli that add subcommands, in help order.
COMMAND_MODULES = (
    "score", "explain", "train", "db", "model", "drift", "simulate", "serve", "outcomes",
    "performance", "policy", "privacy", "oversight",
)  # fmt: skip


def build_parser(commands: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; `commands=False`: the window's own options only, for a start
    without a command (importing and registering every command cost the window ~40 ms);
    `only`: the one command the arguments name (registering all of them costs a batch ~0.1 s
    of its start: their modules import numpy and the rest)."""
    parser = argparse.ArgumentParser(
        prog="pad-desktop",
        description="Credit-scoring workstation of Prêt à dépenser. "
        "Without a command, opens the desktop application.",
    )
    parser.add_argument(
        "--model", metavar="PATH", help="use this model bundle instead of the active one"
    )
    parser.add_argument(
        "--selftest", action="store_true", help="check model, window and web view, then exit"
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    _add_lang(parser, None)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        try:
            module = importlib.import_module(f"pad_desktop.cli.{name}")
        except ModuleNotFoundError as exc:  # a face not built yet must not break the others
            if exc.name != f"pad_desktop.cli.{name}":
                raise
            continue
        module.register(sub)
    _add_lang_everywhere(sub)
    return parser


class _Version(argparse.Action):
    """`--version`, read from the installed metadata only when asked (importlib.metadata costs
    ~50 ms, which every start of the window would pay)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        print(f"{parser.prog} {app_version()}")  # on stdout, as argparse's own action
        parser.exit()


def _add_lang(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--lang",
        choices=["en", "fr"],
        default=default,
        help="language of the messages (default: PAD_LANGUAGE, else the locale: LANG/LC_ALL)",
    )


def _add_lang_everywhere(sub: argparse._SubParsersAction) -> None:
    """`--lang` after a command too (`pad-desktop drift --lang fr`); SUPPRESS keeps a value
    given before the command."""
    for parser in sub.choices.values():
        if not any("--lang" in a.option_strings for a in parser._actions):
            _add_lang(parser, argparse.SUPPRESS)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_lang_everywhere(action)


def app_version() -> str:
    """The installed distribution's version (the frozen app ships its metadata too)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pad-desktop")
    except PackageNotFoundError:
        return "unknown"


# What build.spec leaves out of the standalone app (training, the MLflow registry): a command
# needing one says so in a sentence, not as an unexpected failure (exit 3).
NOT_BUILT = frozenset({"catboost", "mlflow", "mlflow_skinny", "fairlearn", "matplotlib"})

WINDOW_OPTIONS = {"--model": True, "--lang": True, "--selftest": False}  # name: takes a value


def opens_the_window(argv: list[str]) -> bool:
    """Whether `argv` holds only the window's own options: no command, no help, no version
    (anything else, a typo included, goes to the whole parser and its usual messages)."""
    tokens = iter(argv)
    for token in tokens:
        name, _, inline = token.partition("=")
        if name not in WINDOW_OPTIONS:
            return False
        if WINDOW_OPTIONS[name] and not inline and next(tokens, None) is None:
            return False  # `--model` with no value: the whole parser says so
    return True


def named_command(argv: list[str]) -> str | None:
    """The command `argv` runs when it is one of `COMMAND_MODULES` named after its module and
    only the window's own options come before it (else None: the whole parser reads it)."""
    tokens = iter(argv)
    for token in tokens:
        name, _, inline = token.partition("=")
        if name in WINDOW_OPTIONS:
            if WINDOW_OPTIONS[name] and not inline:
                next(tokens, None)
            continue
        return token if token in COMMAND_MODULES else None
    return None


def _commands(parser: argparse.ArgumentParser) -> Collection[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return ()


def main(argv: list[str] | None = None) -> int:
    from pad_desktop.cli.texts import say, set_language

    argv = sys.argv[1:] if argv is None else argv
    command = named_command(argv)
    parser = build_parser(commands=not opens_the_window(argv), only=command)
    if command is not None and command not in _commands(parser):
        parser = build_parser()  # its module registers it under another name: all of them
    args = parser.parse_args(argv)
    set_language(args.lang)
    try:
        if args.command is None:
            from pad_desktop.cli.app import run_app

            return run_app(args)
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("\n" + say("interrupted"), file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:
        if getattr(sys, "frozen", False) and exc.name and exc.name.split(".")[0] in NOT_BUILT:
            print(say("not_in_build", package=exc.name.split(".")[0]), file=sys.stderr)
            return 1
        return _report_crash(exc)
    except Exception as exc:
        from pad_desktop.cli.texts import language
        from pad_desktop.decisions import EXIT_SCHEMA, SchemaBehind, StoreUnreadable
        from pad_desktop.model.bundle import BundleError
        from pad_desktop.runtime.settings import SettingsError
        from pad_desktop.texts import Worded, describe

        if isinstance(exc, SettingsError):  # a bad variable is bad usage, not a crash
            print(say("error", message=describe(exc, language())), file=sys.stderr)
            return 2
        if isinstance(exc, BundleError):  # the model's fault, not ours: which file, which part
            from pad_desktop.cli.common import bundle_failure

            return bundle_failure(exc)
        from pad_desktop.policy import PolicyError

        if isinstance(exc, PolicyError):  # PAD_POLICY names a policy that cannot be used
            print(say("error", message=exc.one_line(language())), file=sys.stderr)
            return 1
        if isinstance(exc, SchemaBehind):  # an administrator's to upgrade: what to run
            print(say("error", message=describe(exc, language())), file=sys.stderr)
            return EXIT_SCHEMA
        if isinstance(exc, StoreUnreadable | Worded):  # the user's file or setting: what to do
            print(say("error", message=describe(exc, language())), file=sys.stderr)
            return 1
        return _report_crash(exc)


def _report_crash(exc: Exception) -> int:
    import traceback
    from datetime import UTC, datetime

    from pad_desktop.cli.texts import say
    from pad_desktop.runtime.paths import user_data_dir

    path = user_data_dir() / "logs" / "pad-desktop-errors.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"--- {datetime.now(UTC).isoformat()} {' '.join(sys.argv)}\n")
        handle.write("".join(traceback.format_exception(exc)))
    print(say("crash", kind=type(exc).__name__, message=exc, path=path), file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
