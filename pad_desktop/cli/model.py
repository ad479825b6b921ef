"""`pad-desktop model ...`: check, pull, list, use, roll back, push and optimize model bundles.

Exit codes: 0 done (or already up to date), 1 the Hub or the bundle failed (one line on stderr,
the current model keeps serving), 2 bad usage, 3 the signature changed and was not accepted,
130 cancelled.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from pad_desktop.cli.texts import language, say
from pad_desktop.texts import describe


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("model", help="update the model from the Hub, list, switch, roll back")
    cmds = p.add_subparsers(dest="model_command", metavar="ACTION", required=True)

    check = cmds.add_parser("check", help="show the Hub's candidate against the model in use")
    _hub_options(check)
    check.set_defaults(handler=run_check)

    pull = cmds.add_parser("pull", help="download, verify, install and switch to the candidate")
    _hub_options(pull)
    pull.add_argument(
        "--accept-difference", action="store_true", help="install even if the inputs changed"
    )
    pull.add_argument("--force", action="store_true", help="reinstall even if already in use")
    pull.add_argument(
        "--no-compare",
        action="store_true",
        help="switch without replaying the last 90 days of decisions through it first",
    )
    pull.set_defaults(handler=run_pull)

    cmds.add_parser("list", help="installed versions (* = in use)").set_defaults(handler=run_list)

    use = cmds.add_parser("use", help="switch to an installed version (or 'shipped')")
    use.add_argument("name", help="a name from `pad-desktop model list`")
    use.add_argument(
        "--no-compare",
        action="store_true",
        help="switch without replaying the last 90 days of decisions through it first",
    )
    use.set_defaults(handler=run_use)

    back = cmds.add_parser("rollback", help="return to the version in use before this one")
    back.set_defaults(handler=run_rollback)

    push = cmds.add_parser("push", help="publish a bundle folder to a Hub repository (IT)")
    push.add_argument("bundle", type=Path, help="bundle folder (MLmodel, model.onnx, ...)")
    _hub_options(push, revision_help="branch to commit to (default: main)")
    push.add_argument("--message", help="commit message (default: bundle name and version)")
    push.add_argument("--tag", help="also tag the new commit (workstations can pin the tag)")
    push.add_argument("--public", action="store_true", help="create the repository public")
    push.set_defaults(handler=run_push)

    promote = cmds.add_parser(
        "promote", help="point the MLflow registry's alias (champion) at a model version (IT)"
    )
    promote.add_argument("version", nargs="?", help="registry version (default: the newest)")
    promote.add_argument("--alias", default="champion", help="alias to set (default: champion)")
    promote.add_argument("--name", help="registered model (default: the one `train` registers)")
    promote.add_argument("--tracking-uri", help="MLflow tracking URI (default: settings)")
    promote.set_defaults(handler=run_promote)

    from pad_desktop.cli import compare  # the model loop's replay: a module of its own

    compare.register(cmds)

    from_run = cmds.add_parser("from-run", help="rebuild a bundle from an MLflow run (IT)")
    from_run.add_argument("run_id", metavar="RUN_ID", help="the run `pad-desktop train` printed")
    from_run.add_argument("-o", "--output", type=Path, required=True, help="bundle folder")
    from_run.add_argument("--tracking-uri", help="MLflow tracking URI (default: settings)")
    from_run.set_defaults(handler=run_from_run)

    opt = cmds.add_parser("optimize", help="compile a bundle's CatBoost trees to the dense graph")
    opt.add_argument("bundle", type=Path, nargs="?", help="bundle folder (default: the active one)")
    opt.add_argument("-o", "--output", type=Path, help="write a copy here (default: in place)")
    opt.set_defaults(handler=run_optimize)


def _hub_options(p: argparse.ArgumentParser, revision_help: str | None = None) -> None:
    p.add_argument("--repo", help="Hub repository, e.g. acme/credit (default: HF_REPO_ID)")
    p.add_argument(
        "--revision", help=revision_help or "branch, tag or commit (default: HF_REVISION or main)"
    )
    p.add_argument("--filename", help="bundle folder or archive in the repo (default: HF_FILENAME)")
    p.add_argument("--endpoint", help="Hub URL (default: HF_ENDPOINT or huggingface.co)")
    p.add_argument("--timeout", type=float, help="seconds to wait for an answer (default: 20)")


def _config(args: argparse.Namespace):
    from pad_desktop.hub import hub_config

    return hub_config(
        repo_id=args.repo,
        revision=args.revision,
        filename=args.filename,
        endpoint=args.endpoint,
        read_timeout=args.timeout,
    )


def _fail(message: object, code: int = 1) -> int:
    from pad_desktop.cli.common import fail

    return fail(str(message), code)


def run_check(args: argparse.Namespace) -> int:
    from pad_desktop.hub import HubError, check_for_update, installed_version

    try:
        candidate = check_for_update(_config(args))
    except HubError as exc:
        return _fail(exc.one_line(language()))  # offline: one line, the model keeps serving
    _print_candidate(candidate)
    installed = installed_version(candidate)
    if installed is not None and installed.active:
        print(say("up_to_date_commit"))
    elif installed is not None:
        print(say("installed_not_used", name=installed.name))
    else:
        print(say("not_installed"))
    return 0


def _print_candidate(candidate) -> None:
    rows = candidate.describe(language())
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if candidate.card_summary:
        print(f"\n{candidate.card_summary}\n")
    if candidate.diff is not None:
        for line in candidate.diff.lines(language()):
            print(f"  - {line}")


def run_pull(args: argparse.Namespace) -> int:
    from pad_desktop.cli.progress import Progress
    from pad_desktop.hub import (
        HubError,
        SignatureChanged,
        check_for_update,
        install_candidate,
        installed_version,
    )
    from pad_desktop.runtime.tasks import Cancelled, TaskState

    bar = Progress("model pull")
    state = TaskState(on_progress=bar, lang=language())
    previous = signal.signal(signal.SIGINT, lambda *_: state.cancel())
    log = _open_log()
    try:
        candidate = check_for_update(_config(args), state=state)
        installed = installed_version(candidate)
        if installed is not None and installed.active and not args.force:
            bar.close()
            print(say("already_up_to_date", label=installed.label(language())))
            return 0
        from pad_desktop.cli.compare import evidence_for_path

        result = install_candidate(
            candidate, accept_difference=args.accept_difference, log=log, state=state,
            evidence_of=None if args.no_compare else evidence_for_path,
        )  # fmt: skip
    except SignatureChanged as exc:
        bar.close()
        print(say("different_inputs"), file=sys.stderr)
        for line in exc.diff.lines(language()):
            print(f"  - {line}", file=sys.stderr)
        print(say("accept_difference"), file=sys.stderr)
        return 3
    except Cancelled:
        bar.close()
        print(say("pull_cancelled"), file=sys.stderr)
        return 130
    except HubError as exc:
        bar.close()
        return _fail(describe(exc, language()))
    finally:
        signal.signal(signal.SIGINT, previous)
        if log is not None:
            log.close()
    bar.close()
    print(result.message(language()))
    for warning in result.warnings:
        print(say("warning", message=warning), file=sys.stderr)
    _warn_if_overridden()
    return 0


def run_list(_args: argparse.Namespace) -> int:
    from pad_desktop.hub import ModelStore
    from pad_desktop.model.bundle import load_bundle

    for version in ModelStore().list():
        try:
            bundle = load_bundle(version.path)
            what = f"{bundle.name} {bundle.version}, threshold {bundle.threshold:g}"
        except Exception as exc:  # a damaged folder is listed, not fatal
            what = f"(does not load: {exc})"
        origin = f"{version.repo}@{version.commit[:12]}" if version.repo and version.commit else ""
        when = version.installed_at or ""
        print(
            f"{'*' if version.active else ' '} {version.name:<40} {what}  {origin} {when}".rstrip()
        )
    _warn_if_overridden()
    return 0


def run_use(args: argparse.Namespace) -> int:
    from pad_desktop.hub import use_version

    evidence = None
    if not args.no_compare:  # the comparison report first; the switch records its hash
        from pad_desktop.cli.compare import evidence_for

        evidence = evidence_for(args.name)
    return _switch(lambda log: use_version(args.name, log=log, evidence=evidence), args.name)


def run_rollback(_args: argparse.Namespace) -> int:
    from pad_desktop.hub import ModelStore, roll_back

    return _switch(lambda log: roll_back(log=log), ModelStore().previous_name())


def _switch(action, name: str | None = None) -> int:
    """Run `action(log)` (use or rollback), print what is in use now. Switching to `name`
    needs a second model owner's approval (`service.oversight`), unless one person holds
    every role."""
    from pad_desktop.hub import HubError
    from pad_desktop.texts import Worded

    log = _open_log()
    try:
        if log is not None and name is not None:
            _four_eyes(log, name)
        result = action(log)
    except (HubError, Worded) as exc:
        return _fail(describe(exc, language()))
    finally:
        if log is not None:
            log.close()
    print(result.message(language()))
    _warn_if_overridden()
    return 0


def run_push(args: argparse.Namespace) -> int:
    from pad_desktop.hub import HubError
    from pad_desktop.hub.push import push_bundle

    if not (args.bundle / "MLmodel").exists():
        return _fail(say("not_a_bundle", path=args.bundle), 2)
    try:
        commit = push_bundle(
            args.bundle, _config(args), args.message, args.tag, private=not args.public
        )
    except HubError as exc:
        return _fail(describe(exc, language()))
    print(say("published", path=args.bundle, commit=commit))
    return 0


def run_optimize(args: argparse.Namespace) -> int:
    from pad_desktop.model.active import active_bundle_path, store_dir
    from pad_desktop.runtime.paths import default_bundle_dir

    try:
        from pad_desktop.model.onnx_graphs import optimize_bundle
    except ImportError as exc:  # the dense-graph compiler is not part of this build
        return _fail(f"optimize is not available in this build ({exc}).")
    bundle = (args.bundle or active_bundle_path()).resolve()
    protected = (default_bundle_dir().resolve(), store_dir().resolve())
    if args.output is None and any(bundle == p or p in bundle.parents for p in protected):
        return _fail(
            f"{bundle} is the shipped model or an installed version, never modified: "
            "give -o OUT for an optimized copy.",
            2,
        )
    try:
        written = optimize_bundle(bundle, args.output)
    except (FileNotFoundError, FileExistsError, RuntimeError, ValueError) as exc:
        return _fail(exc)
    print(say("optimized", path=written))
    return 0


def _without_mlflow() -> str | None:
    """Why the registry commands cannot run here (the standalone app leaves MLflow out)."""
    import importlib.util

    if importlib.util.find_spec("mlflow") is None:
        return "MLflow is not part of this build: run it where `pad-desktop train` runs."
    return None


def run_promote(args: argparse.Namespace) -> int:
    if why := _without_mlflow():
        return _fail(why)
    from pad_desktop.model.mlflow_registry import RegistryError, promote
    from pad_desktop.model.training import REGISTERED_MODEL

    try:
        done = promote(args.version, args.alias, args.name or REGISTERED_MODEL, args.tracking_uri)
    except RegistryError as exc:
        return _fail(describe(exc, language()))
    before = f" (was version {done.previous})" if done.previous else ""
    print(f"{done.name}@{done.alias} -> version {done.version}, run {done.run_id}{before}")
    return 0


def run_from_run(args: argparse.Namespace) -> int:
    if why := _without_mlflow():
        return _fail(why)
    from pad_desktop.cli.progress import Progress
    from pad_desktop.model.bundle import BundleError, load_bundle
    from pad_desktop.model.mlflow_registry import RegistryError, bundle_from_run

    with Progress("rebuilding the bundle") as progress:
        progress(0.1, f"downloading run {args.run_id}")
        try:
            written = bundle_from_run(args.run_id, args.output, args.tracking_uri)
            bundle = load_bundle(written)
        except (RegistryError, BundleError) as exc:
            return _fail(describe(exc, language()))
        progress(1.0, "done")
    print(f"Bundle {written}: {bundle.short()}")
    return 0


def _four_eyes(log, name: str) -> None:
    """`SwitchWaiting` (or `NotAllowed`) unless the switch to `name` may be made now."""
    from pad_desktop.hub import ModelStore
    from pad_desktop.model.bundle import load_bundle
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import get_settings
    from pad_desktop.service.decision_service import model_label
    from pad_desktop.service.oversight import Oversight

    settings = get_settings()
    target = model_label(load_bundle(ModelStore().get(name).path))
    current = _current_label()
    if target != current:
        Oversight(log, Identity.from_settings(settings), settings).switch_approval(target)


def _current_label() -> str | None:
    from pad_desktop.model.active import active_bundle_path
    from pad_desktop.model.bundle import load_bundle
    from pad_desktop.service.decision_service import model_label

    try:
        return model_label(load_bundle(active_bundle_path()))
    except Exception:  # no usable model in use: any switch is one
        return None


def _open_log():
    """The decision log for model events, or None when it is not part of this build."""
    try:
        from pad_desktop.decisions import DecisionLog
    except ImportError:
        return None
    return DecisionLog.open()


def _warn_if_overridden() -> None:
    from pad_desktop.runtime.settings import get_settings

    if get_settings().model_path:
        print(
            "warning: PAD_MODEL is set, so the app keeps using "
            f"{get_settings().model_path} whatever the store's active version.",
            file=sys.stderr,
        )
