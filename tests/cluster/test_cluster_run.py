"""Batches on a real Dask LocalCluster of 2 worker processes: the same results as the
one-machine batch, every decision recorded once in PostgreSQL when a worker dies in the middle
of a partition, nothing recorded again when the run is repeated, one clear message for an
address that is not a cluster's."""

from __future__ import annotations

import glob
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import cloudpickle
import pandas as pd
import psycopg
import pytest
from distributed.diagnostics.plugin import WorkerPlugin

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.verify import verify
from pad_desktop.model.active import ActiveModel
from pad_desktop.service.cluster_run import ClusterError, score_on_cluster
from pad_desktop.service.decision_service import DecisionService
from tests.cluster.conftest import ROOT

EXAMPLE = ROOT / "resources" / "examples" / "applicants_fr.csv"
START = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)  # the run's clock, given
PART_BYTES = 9_000  # ~25 rows a partition: several partitions from a small file
MARKER = "KILL-ME"
# The worker plugin below travels by value: the workers need not import this test module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _french_file(path: Path, copies: int, encoding: str = "utf-8") -> Path:
    """The French example file repeated, with accents, decimal commas and bad rows."""
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    out = [header]
    for copy in range(copies):
        for i, row in enumerate(rows):
            cells = row.split(";")
            cells[0] = f"Dossier-é{copy:02d}-{i:02d}"
            if i == 3:
                cells[5] = cells[5] + ",00"  # a decimal comma on a whole number: accepted
            if i == 7:
                cells[2] = "12,5"  # not a whole number of months: an error of its own
            if i == 11:
                cells = cells[:-2]  # a short line: refused with its line number
            out.append(";".join(cells))
    path.write_bytes(("\r\n".join(out) + "\r\n").encode(encoding))
    return path


def _service(log: DecisionLog | None = None) -> DecisionService:
    return DecisionService(ActiveModel(), log)


def _read(paths: list[str] | str) -> pd.DataFrame:
    if isinstance(paths, str):
        paths = [paths]
    frames = [pd.read_csv(p, sep=";", encoding="utf-8-sig", dtype=str) for p in paths]
    return pd.concat(frames, ignore_index=True)


def _single_run(source: Path, tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = tmp_path / "single.csv"
    _service().score_file(source, out, record=False, chunk_rows=40, lang="fr")
    return _read(str(out)), _read(str(out.with_name("single.errors.csv")))


def _parts(out: Path, kind: str) -> pd.DataFrame:
    return _read(sorted(glob.glob(str(out / kind / "part-*.csv"))))


def _assert_same_results(cluster: pd.DataFrame, single: pd.DataFrame) -> None:
    assert list(cluster.columns) == list(single.columns)
    assert len(cluster) == len(single)
    scores = cluster["score"].str.replace(",", ".").astype(float)
    expected = single["score"].str.replace(",", ".").astype(float)
    assert (scores - expected).abs().max() <= 1e-9
    others = [c for c in single.columns if c != "score"]
    pd.testing.assert_frame_equal(cluster[others], single[others])


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_partitions_give_the_single_run_results_errors_and_lines(
    cluster_client, policy_on, tmp_path: Path, encoding: str
) -> None:
    source = _french_file(tmp_path / f"applicants-{encoding}.csv", copies=6, encoding=encoding)
    single, single_errors = _single_run(source, tmp_path)
    out = tmp_path / "out"
    summary = score_on_cluster(
        _service(), str(source), out, cluster_client, record=False, lang="fr",
        chunk_rows=10, part_bytes=PART_BYTES, now=START,
    )  # fmt: skip
    assert summary.partitions >= 4 and summary.skipped == 0
    assert summary.note is None
    _assert_same_results(_parts(out, "results"), single)
    assert "policy" in single.columns  # the lending policy ran in the partitions too
    errors = _parts(out, "errors")
    pd.testing.assert_frame_equal(errors, single_errors)
    per_copy = len(EXAMPLE.read_text(encoding="utf-8-sig").splitlines()) - 1
    lines = set(errors["ligne" if "ligne" in errors else "line"].astype(int))
    for copy in range(6):  # the bad rows made, each named by the whole file's line
        assert {2 + copy * per_copy + 7, 2 + copy * per_copy + 11} <= lines


def test_a_quoted_line_break_reads_the_file_as_one_partition(
    cluster_client, tmp_path: Path
) -> None:
    source = _french_file(tmp_path / "quoted.csv", copies=3)
    text = source.read_bytes().decode("utf-8").split("\r\n")
    cells = text[5].split(";")
    cells[0] = '"Dossier\r\nsur deux lignes"'
    text[5] = ";".join(cells)
    source.write_text("\r\n".join(text), encoding="utf-8", newline="")
    single, single_errors = _single_run(source, tmp_path)
    out = tmp_path / "out"
    summary = score_on_cluster(
        _service(), str(source), out, cluster_client, record=False, lang="fr",
        part_bytes=PART_BYTES, now=START,
    )  # fmt: skip
    assert summary.partitions == 1
    assert "line break" in (summary.note or "") or "saut de ligne" in (summary.note or "")
    _assert_same_results(_parts(out, "results"), single)
    pd.testing.assert_frame_equal(_parts(out, "errors"), single_errors)


class KillOnce(WorkerPlugin):
    """A worker plugin: the worker process exits (as a killed one would) the first time a
    partition has recorded a chunk holding the marker row; a file says it happened, so that
    the partition's retry goes through."""

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def setup(self, worker: object) -> None:
        from pad_desktop.service import partition

        def hook(part: object, chunk: object) -> None:
            refs = chunk.case_refs or []
            if MARKER in refs and not os.path.exists(self.flag):
                Path(self.flag).write_text("killed")
                os._exit(1)

        partition.CHUNK_HOOKS[:] = [hook]

    def teardown(self, worker: object) -> None:
        from pad_desktop.service import partition

        partition.CHUNK_HOOKS.clear()


def _pg(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(schema.libpq_url(url)) as conn:
        return conn.execute(sql).fetchall()


def test_a_worker_killed_mid_partition_records_every_decision_once(
    cluster_client, pg_url: str, tmp_path: Path
) -> None:
    source = _french_file(tmp_path / "applicants.csv", copies=6)
    lines = source.read_bytes().decode("utf-8").split("\r\n")
    cells = lines[60].split(";")  # the middle of a partition, after its first chunks
    cells[0] = MARKER
    lines[60] = ";".join(cells)
    source.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    flag = tmp_path / "killed.flag"
    cluster_client.register_plugin(KillOnce(str(flag)), name="kill-once")
    data_dir = tmp_path / "data"
    log = DecisionLog.open(pg_url, data_dir)
    out = tmp_path / "out"
    try:
        summary = score_on_cluster(
            _service(log), str(source), out, cluster_client, lang="en", chunk_rows=8,
            part_bytes=PART_BYTES, data_dir=str(data_dir), now=START,
        )  # fmt: skip
    finally:
        cluster_client.unregister_worker_plugin("kill-once")
    assert flag.exists()  # a worker did die in the middle of a partition
    assert summary.pending == 0 and not summary.fatal_errors
    scored = summary.scored
    total, distinct = _pg(pg_url, "SELECT count(*), count(DISTINCT id) FROM decisions")[0]
    assert total == distinct == scored
    streams = _pg(pg_url, "SELECT count(DISTINCT stream_id) FROM decisions")[0][0]
    assert streams == summary.partitions
    engine = schema.create_engine(pg_url)
    try:
        report = verify(engine)
        assert report.intact, report.findings
    finally:
        engine.dispose()

    # The same command again: every partition is done, nothing is scored or recorded.
    again = score_on_cluster(
        _service(log), str(source), out, cluster_client, lang="en", chunk_rows=8,
        part_bytes=PART_BYTES, data_dir=str(data_dir),
    )  # fmt: skip
    assert again.skipped == again.partitions and again.recorded == 0
    # Into another folder (no manifest: every partition runs again, at another time):
    # the log keeps the records it has.
    elsewhere = score_on_cluster(
        _service(log), str(source), tmp_path / "out2", cluster_client, lang="en",
        chunk_rows=8, part_bytes=PART_BYTES, data_dir=str(data_dir),
        now=datetime(2026, 12, 2, tzinfo=UTC),
    )  # fmt: skip
    assert elsewhere.recorded == scored and elsewhere.pending == 0
    assert log.rejected() == 0  # no retried row refused by the database: each merged as one
    log.close()
    assert _pg(pg_url, "SELECT count(*) FROM decisions")[0][0] == scored
    assert main(["db", "verify", "--url", pg_url]) == 0


def test_an_address_that_is_no_cluster_is_one_message_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _french_file(tmp_path / "applicants.csv", copies=1)
    for address in ("tcp://127.0.0.1:9", "not a; cluster", "local:zero"):
        code = main(["score", str(source), "-o", str(tmp_path / "out"), "--no-log",
                     "--cluster", address])  # fmt: skip
        err = capsys.readouterr().err
        assert code == 1, err
        assert "Traceback" not in err
        assert err.count("error:") == 1
        assert "scheduler" in err or "cluster address" in err


def test_another_runs_folder_is_refused(cluster_client, tmp_path: Path) -> None:
    first = _french_file(tmp_path / "a.csv", copies=1)
    second = _french_file(tmp_path / "b.csv", copies=2)
    out = tmp_path / "out"
    score_on_cluster(_service(), str(first), out, cluster_client, record=False, now=START)
    with pytest.raises(ClusterError) as caught:
        score_on_cluster(_service(), str(second), out, cluster_client, record=False)
    assert caught.value.key == "cluster.out_taken"


def test_a_worker_on_another_database_records_nothing(pg_url: str, tmp_path: Path) -> None:
    """The partition function itself, in this process: a worker whose DATABASE_URL names
    another database than the run's refuses before it scores a row."""
    from dataclasses import replace

    from pad_desktop.service import partition
    from pad_desktop.service.cluster_run import plan_input, run_batch_id
    from pad_desktop.service.partition import RunSpec, WorkerDatabase, bundle_files

    source = _french_file(tmp_path / "applicants.csv", copies=1)
    service = _service()
    plan = plan_input(str(source), service.reading().signature, None, (), "en")
    bundle = service.scorer.bundle
    run = RunSpec(
        run_key="k" * 64, batch_id=run_batch_id("k"), started_at="2026-12-01T09:30:00",
        model_sha256=bundle.sha256, policy_sha256=None, os_account="o", workstation="w",
        display_name="", lang="en", written_as=plan.dialect, chunk_rows=50, record=True,
        database_url=None, data_dir=str(tmp_path / "worker"),
        database_target="postgresql+psycopg://postgres@127.0.0.1:5432/elsewhere",
    )  # fmt: skip
    os.environ["DATABASE_URL"] = pg_url
    try:
        with pytest.raises(WorkerDatabase) as caught:
            partition.run_part(run, plan.parts[0], bundle_files(bundle.path), None)
        assert caught.value.key == "cluster.worker_other_database"
        with pytest.raises(partition.BundleMismatch):
            partition.run_part(
                replace(run, model_sha256="0" * 64, record=False),
                plan.parts[0],
                bundle_files(bundle.path),
                None,
            )
    finally:
        del os.environ["DATABASE_URL"]
    assert _pg(pg_url, "SELECT count(*) FROM decisions")[0][0] == 0


def test_a_cancelled_run_keeps_its_partitions_and_resumes(cluster_client, tmp_path: Path) -> None:
    from pad_desktop.runtime.tasks import TaskState

    source = _french_file(tmp_path / "applicants.csv", copies=4)
    calls: list[str] = []

    def on_progress(_fraction: float, message: str) -> None:
        calls.append(message)
        if len(calls) == 2:  # the first partition is written: Ctrl-C
            state.cancel()

    state = TaskState(on_progress=on_progress)
    out = tmp_path / "out"
    first = score_on_cluster(
        _service(), str(source), out, cluster_client, record=False, state=state,
        part_bytes=PART_BYTES, now=START, lang="fr",
    )  # fmt: skip
    assert first.cancelled and len(list((out / "results").glob("part-*.csv"))) >= 1
    done = json.loads((out / "manifest.json").read_text())["partitions_done"]
    assert 1 <= done < first.partitions
    again = score_on_cluster(
        _service(),
        str(source),
        out,
        cluster_client,
        record=False,
        part_bytes=PART_BYTES,
        lang="fr",
    )
    assert not again.cancelled and again.skipped == done
    single, _ = _single_run(source, tmp_path)
    _assert_same_results(_parts(out, "results"), single)


def test_a_folder_of_csv_and_parquet_files(cluster_client, tmp_path: Path) -> None:
    """One partition per file; a Parquet file's cells read as texts by the same value rules
    (its `line` is the row + 1, as if a header were line 1)."""
    frame = pd.read_csv(EXAMPLE, sep=";", encoding="utf-8-sig", dtype=str)
    frame["credit_amount"] = pd.to_numeric(frame["credit_amount"], errors="coerce").astype("Int64")
    folder = tmp_path / "inputs"
    folder.mkdir()
    frame.to_parquet(folder / "b.parquet", index=False)
    csv_twin = tmp_path / "twin.csv"
    frame.to_csv(csv_twin, sep=";", index=False)
    (folder / "a.csv").write_bytes(csv_twin.read_bytes())
    single, _ = _single_run(csv_twin, tmp_path)
    out = tmp_path / "out"
    summary = score_on_cluster(
        _service(), str(folder), out, cluster_client, record=False, lang="fr", now=START
    )
    assert summary.partitions == 2
    first = _read(str(out / "results" / "part-00000.csv"))
    second = _read(str(out / "results" / "part-00001.csv"))
    _assert_same_results(first, single)
    _assert_same_results(second, single)


def test_the_command_runs_on_a_cluster_and_resumes(
    cluster_client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _french_file(tmp_path / "applicants.csv", copies=3)
    out = tmp_path / "out"
    address = cluster_client.scheduler.address
    command = ["score", str(source), "-o", str(out), "--no-log", "--cluster", address,
               "--part-mb", "0.01", "--chunk-rows", "20"]  # fmt: skip
    assert main(command) == 0
    first = capsys.readouterr()
    assert "(0 done before)" in first.out and str(out) in first.out
    manifest = json.loads((out / "manifest.json").read_text())
    parts = len(manifest["partitions"])
    assert parts > 1 and manifest["partitions_done"] == parts
    assert main(command) == 0
    assert f"({parts} done before)" in capsys.readouterr().out


def _recorded(pg_url: str) -> int:
    with psycopg.connect(schema.libpq_url(pg_url)) as conn:
        return conn.execute("SELECT count(*) FROM decisions").fetchone()[0]


def _one_error_line(err: str, *fragments: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), err


def test_a_file_decided_on_one_machine_is_not_decided_again_on_the_cluster(
    cluster_client, pg_url: str, tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One record for one decision, whichever way the file is run: the cluster refuses a file
    this computer already decided with the same model and policy, unless --again."""
    monkeypatch.setenv("DATABASE_URL", pg_url)
    source = _french_file(tmp_path / "applicants.csv", copies=1)
    assert main(["score", str(source), "-o", str(tmp_path / "single.csv")]) == 0

    before = _recorded(pg_url)
    assert before > 0
    capsys.readouterr()
    command = ["score", str(source), "-o", str(tmp_path / "out"), "--part-mb", "0.01",
               "--cluster", cluster_client.scheduler.address]  # fmt: skip
    assert main(command) == 1
    _one_error_line(capsys.readouterr().err, "already scored", "--again")
    assert _recorded(pg_url) == before and not (tmp_path / "out").exists()
    assert main([*command, "--again"]) == 0
    assert _recorded(pg_url) == 2 * before
    assert main(["db", "verify", "--url", pg_url]) == 0


def test_a_file_decided_on_the_cluster_is_not_decided_again_on_one_machine(
    cluster_client, pg_url: str, tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url)
    source = _french_file(tmp_path / "applicants.csv", copies=1)
    command = ["score", str(source), "-o", str(tmp_path / "out"), "--part-mb", "0.01",
               "--cluster", cluster_client.scheduler.address]  # fmt: skip
    assert main(command) == 0

    before = _recorded(pg_url)
    assert before > 0
    capsys.readouterr()
    single = ["score", str(source), "-o", str(tmp_path / "single.csv")]
    assert main(single) == 1
    _one_error_line(capsys.readouterr().err, "on a cluster", "--again")
    assert _recorded(pg_url) == before and not (tmp_path / "single.csv").exists()
    assert main([*single, "--again"]) == 0
    assert _recorded(pg_url) == 2 * before
    assert main(command) == 1  # and the cluster now knows the one-machine run: refused
    assert _recorded(pg_url) == 2 * before
    assert main(["db", "verify", "--url", pg_url]) == 0
