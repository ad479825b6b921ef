"""`pad-desktop train`: train, audit, export and log a model; write its bundle."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train a CatBoost model and write an ONNX bundle")
    p.add_argument("-o", "--output", type=Path, required=True, help="bundle folder to write")
    p.add_argument(
        "--data", type=Path, help="training CSV (default: the shipped German Credit data)"
    )
    p.add_argument("--iterations", type=int, default=500)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--version", help="model version label (default: today's date)")
    p.add_argument(
        "--tracking-uri", help="MLflow tracking URI (default: MLFLOW_TRACKING_URI or local)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pad_desktop.cli.progress import Progress
    from pad_desktop.model.training import TrainParams, train
    from pad_desktop.runtime.tasks import TaskState

    with Progress("training") as progress:
        result = train(
            args.data,
            args.output,
            TrainParams(iterations=args.iterations, depth=args.depth),
            tracking_uri=args.tracking_uri,
            version=args.version,
            state=TaskState(on_progress=progress),
        )
    m = result.metrics
    print(f"bundle:    {result.bundle_dir}")
    print(f"model.onnx sha256 {result.onnx_sha256}")
    print(
        f"threshold: {result.threshold:.2f}  test AUC {m['test_auc']:.3f}  "
        f"test cost {m['test_cost']:.3f}"
    )
    print(f"MLflow run {result.run_id}, model {result.model_id}")
    print(
        f"registered {result.registered_name} version {result.registered_version}: "
        "`pad-desktop model promote` makes it the champion"
    )
    return 0
