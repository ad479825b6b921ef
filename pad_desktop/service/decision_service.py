"""The decision service: the one path from a raw applicant to a recorded decision.

Every face (form, batch tab, API, CLI, simulation) hands its applicants here and shows what
comes back; none builds a decision record or words a validation message of its own. The service
holds the active model, the decision log, who decides (`Identity`) and the settings, and keeps
these rules for all of them:

- no decision is returned unless its record is durable in the log (`LogClosed` otherwise);
- every record holds the canonical inputs (what the model saw), the cells as typed beside them
  where they differ (`canonical_inputs`);
- the same case with the same inputs, again within `settings.repeat_window_s`, returns the
  decision already made instead of logging a second one; a re-score of the case with other
  inputs is a new decision pointing at the previous one (`previous_id`). The store keeps this
  rule (`decisions.case_keys`), not a lock of ours;
- a model switch is recorded as one kind of model event, with one label format;
- ids are time-ordered UUIDv7 (`records.new_id`, `records.new_decision_ids`).

The repeat rule is per single applicant (form, `/individual_score`); a batch file is its own
operation, recorded chunk by chunk under its batch id.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.records import (
    DecisionBatch,
    DecisionRecord,
    ModelEvent,
    NoticeKind,
    NoticeRecord,
    Outcome,
    OverrideRecord,
    Source,
    new_ids,
)
from pad_desktop.runtime.identity import Identity
from pad_desktop.runtime.settings import Settings, get_settings
from pad_desktop.texts import Worded

if TYPE_CHECKING:
    import pandas as pd

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.decisions.batch_runs import BatchRun
    from pad_desktop.decisions.case_keys import Claim
    from pad_desktop.decisions.group_commit import DecisionWriter, ProcessDecisionWriter
    from pad_desktop.decisions.records import OversightRequest
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.bundle import Bundle
    from pad_desktop.model.explain import Explanation
    from pad_desktop.model.scoring import FrameScores, Scorer
    from pad_desktop.policy import Policy
    from pad_desktop.runtime.tasks import TaskState
    from pad_desktop.service.batch import BatchSummary, ChunkResult
    from pad_desktop.service.notice import NoticeContent
    from pad_desktop.service.oversight import Oversight


class LogClosed(Worded, RuntimeError):
    """No decision log is open: no decision can be made, shown or returned."""

    def __init__(self) -> None:
        super().__init__("log.closed")


def model_label(bundle: Bundle) -> str:
    """How model events name a model: the sha prefix matches decisions' `model_sha256`."""
    return f"{bundle.id} sha256:{bundle.sha256[:16]}"


@dataclass(frozen=True)
class Decision:
    """A recorded decision as a face shows it; `repeated`: the case was decided moments ago
    with the same inputs, and this is that decision (nothing new was logged)."""

    record: DecisionRecord
    repeated: bool = False
    review_band: float = 0.0  # see `DecisionService.review_band`

    @property
    def refer_for_review(self) -> bool:
        """The score is within the review band around the threshold, or the lending policy
        (or the stop switch) refers the case: refer for review."""
        return self.record.policy_effect == "refer" or self.in_review_band

    @property
    def stopped(self) -> dict[str, Any] | None:
        """The stop switch that referred this case (event, by, reason), else None."""
        return None if not self.record.policy else self.record.policy.get("stop")

    @property
    def in_review_band(self) -> bool:
        """The score is within the review band around the threshold."""
        return abs(self.record.score - self.record.threshold) <= self.review_band

    @property
    def refused_by_policy(self) -> bool:
        return self.record.policy_effect == "refuse"

    @property
    def id(self) -> Any:
        return self.record.id

    @property
    def probability(self) -> float:
        return self.record.score

    @property
    def outcome(self) -> Outcome:
        return self.record.decision


@dataclass
class FrameDecisions:
    """A frame's recorded decisions (valid rows) and its errors (the others)."""

    scores: FrameScores
    batch: DecisionBatch  # the recorded rows, ids included

    @property
    def valid(self) -> Any:
        return self.scores.valid

    @property
    def errors(self) -> pd.DataFrame:
        return self.scores.errors


@dataclass(frozen=True)
class IssuedNotice:
    """A notice as issued: its content (what a face renders) and its record in the log."""

    content: NoticeContent
    record: NoticeRecord


class DecisionService:
    """The core use case "validate, score, record, return", shared by every face."""

    def __init__(
        self,
        active: ActiveModel,
        log: DecisionLog | None,
        identity: Identity | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.active = active
        self.log = log
        self.identity = identity or Identity.from_settings(self.settings)
        self._writer: DecisionWriter | ProcessDecisionWriter | None = None
        # The challenger's shadow scorer (`monitoring.challenger`): looked up once, when the
        # first decision is recorded (None: no challenger set).
        self._shadow: Any = None
        self._shadow_looked_up = False
        self._policies: dict[tuple[str, str | None], Policy | None] = {}
        self._policies_tried: set[tuple[str, str | None]] = set()  # compiled, or refused
        self._widened: dict[tuple[str, str], Scorer] = {}
        self._oversight: Oversight | None = None
        # `decide_async`'s applicants waiting for the event loop's next turn, per loop, by how
        # they are decided (`_prepare_soon`)
        self._pending: dict[Any, dict[tuple, tuple[dict[str, Any], list]]] = {}

    @property
    def scorer(self) -> Scorer:
        return self.active.scorer

    def policy(self, scorer: Scorer | None = None) -> Policy | None:
        """The lending policy in use with `scorer`'s model (`policy.load.resolve_policy`),
        read once per model and setting; `PolicyError` when the configured one is unusable."""
        from pad_desktop.policy.load import resolve_policy

        bundle = (scorer or self.scorer).bundle
        key = (bundle.sha256, self.settings.policy_path)
        if key not in self._policies:
            self._policies_tried.add(key)
            self._policies[key] = resolve_policy(bundle, self.settings.policy_path)
        return self._policies[key]

    def reading(self, scorer: Scorer | None = None) -> Scorer:
        """`scorer` (default: the active one) reading applicants with the value table of the
        policy in use: the model's, with the ranges the policy decides itself widened."""
        scorer = scorer or self.scorer
        if scorer._signature is not None:
            return scorer
        policy = self.policy(scorer)
        if policy is None or not policy.accepts:
            return scorer
        key = (scorer.bundle.sha256, policy.sha256)
        widened = self._widened.get(key)
        if widened is None or widened.session is not scorer.session:
            widened = self._widened[key] = scorer.with_signature(policy.widen(scorer.signature))
        return widened

    def applicant_fields(self, scorer: Scorer | None = None) -> tuple[list, list]:
        """What a form asks: the model's fields (as the policy's value table reads them), then
        the policy's own inputs (income, charges: not seen by the model)."""
        policy = self.policy(scorer)
        fields = list(self.reading(scorer).signature.fields)
        return fields, [] if policy is None else list(policy.inputs)

    def form_fields(self, scorer: Scorer | None = None) -> tuple[list, list]:
        """`applicant_fields`; before the policy is compiled, from its outline (its inputs and
        widened ranges, no CEL parser: the window's form at start). Decisions use the compiled
        policy only."""
        scorer = scorer or self.scorer
        if (scorer.bundle.sha256, self.settings.policy_path) in self._policies_tried:
            return self.applicant_fields(scorer)
        from pad_desktop.policy.load import resolve_outline

        outline = resolve_outline(scorer.bundle, self.settings.policy_path)
        if outline is None:
            return list(scorer.signature.fields), []
        if scorer._signature is not None:  # already read with a policy's value table
            return list(scorer.signature.fields), list(outline.inputs)
        return list(outline.widen(scorer.signature).fields), list(outline.inputs)

    def _log(self) -> DecisionLog:
        log = self.log
        if log is None:
            raise LogClosed()
        return log

    @property
    def oversight(self) -> Oversight:
        """Human oversight's rules over this log (`service.oversight`): roles, four eyes, the
        stop switch, reviews."""
        log = self._log()
        if self._oversight is None or self._oversight.log is not log:
            from pad_desktop.service.oversight import Oversight

            self._oversight = Oversight(log, self.identity, self.settings)
        return self._oversight

    def stopped(self) -> Any:
        """The stop switch's event in force (every case referred), else None."""
        return None if self.log is None else self.oversight.stopped()

    # -- one applicant ----------------------------------------------------------------------
    def prepare(
        self,
        values: Mapping[str, Any],
        *,
        case_ref: str | None = None,
        source: Source = Source.FORM,
        decimal: str = ".",
        lang: str = "en",
        scorer: Scorer | None = None,
    ) -> Decision:
        """Validate and score one applicant into the decision it would be, not yet recorded;
        raise `ApplicantError` listing every broken rule. Its inputs are canonical (what the
        model saw), the cells as typed kept beside them where they differ."""
        (prepared,) = self.prepare_many(
            [(values, case_ref)], source=source, decimal=decimal, lang=lang, scorer=scorer
        )
        if isinstance(prepared, Exception):
            raise prepared
        return prepared

    def prepare_many(
        self,
        applicants: Sequence[tuple[Mapping[str, Any], str | None]],
        *,
        source: Source = Source.FORM,
        decimal: str = ".",
        lang: str = "en",
        scorer: Scorer | None = None,
    ) -> list[Decision | Exception]:
        """`prepare` of a few (values, case reference) at once, one outcome each in order: the
        decision, or the exception `prepare` would raise for that applicant alone (the
        model's graph runs once for all of them, see `Scorer.score_many`)."""
        from pad_desktop.model.canonical_inputs import typed_inputs

        scorer = self.reading(scorer)
        policy = self.policy(scorer)
        out: list[Decision | Exception | None] = [None] * len(applicants)
        policy_inputs: list[dict[str, float | None] | None] = [None] * len(applicants)
        if policy is not None:
            from pad_desktop.model.signature import ApplicantError
            from pad_desktop.policy.apply import read_inputs

            for i, (values, _) in enumerate(applicants):
                try:
                    policy_inputs[i] = read_inputs(policy, values, decimal, lang)
                except ApplicantError as exc:
                    out[i] = exc
        scoring = [i for i in range(len(applicants)) if out[i] is None]
        results = scorer.score_many([dict(applicants[i][0]) for i in scoring], decimal, lang)
        stop = self.stopped() if scoring else None
        review_band = self.review_band(scorer)
        ids = iter(new_ids(len(scoring)))
        for i, result in zip(scoring, results, strict=True):
            if isinstance(result, Exception):
                out[i] = result
                continue
            values, case_ref = applicants[i]
            decision, policy_record = result.decision, None
            if policy is not None:
                from pad_desktop.policy.apply import apply_one

                decision, policy_record = apply_one(
                    policy, result.inputs, policy_inputs[i] or {}, result.probability,
                    result.decision,
                )  # fmt: skip
            if stop is not None:  # no automated decision: the case is referred, and says why
                from pad_desktop.service.oversight import with_stop

                policy_record = with_stop(policy_record, stop)
            record = DecisionRecord(
                **self._provenance(scorer, source),
                inputs=result.inputs,
                typed_inputs=typed_inputs(scorer.signature, values, result.inputs),
                score=result.probability,
                threshold=result.threshold,
                decision=decision,
                policy=policy_record if policy is not None or stop is not None else {},
                reasons=result.reasons,
                latency_ms=result.latency_ms,
                case_ref=(case_ref or "").strip() or None,
                id=next(ids),
            )
            out[i] = Decision(record, review_band=review_band)
        return out  # type: ignore[return-value]

    def decide(self, values: Mapping[str, Any], **how: Any) -> Decision:
        """Validate, score and record one applicant; return it once its record is durable.

        The same case with the same inputs and model again within `settings.repeat_window_s`
        is the decision already recorded (`repeated`); the store decides it (`case_keys`), so
        concurrent submissions from threads or processes record one decision."""
        log = self._log()
        decision = self.prepare(values, **how)
        decision = _claimed(decision, log.record(decision.record, self.settings.repeat_window_s))
        self._shadow_one(decision)
        return decision

    async def decide_async(self, values: Mapping[str, Any], **how: Any) -> Decision:
        """`decide` for an event loop: the decisions asked for in the same turn of the loop
        are scored together (`prepare_many`: one run of the model's graph), and concurrent
        decisions share one local commit (`group_commit`). Each is answered once its own
        record is durable; one refused record fails no other."""
        if self._log() is not None and self.oversight.control.stale():
            import asyncio

            await asyncio.to_thread(self.stopped)  # the stop switch read off the event loop
        decision, claim = await self._prepare_soon(values, how)
        decision = _claimed(decision, await claim)
        self._shadow_one(decision)
        return decision

    def _prepare_soon(self, values: Mapping[str, Any], how: dict[str, Any]) -> Any:
        """A future of `prepare(values, **how)` and of its record's claim, made with the others
        asked for until the event loop's second turn from now (`_prepare_pending`), and handed
        to the group-commit writer with them: the requests read in the turn after this one
        join it (under load, fewer and fuller runs of the graph, fewer hand-overs)."""
        import asyncio

        loop = asyncio.get_running_loop()
        future = loop.create_future()
        how = dict(how)
        case_ref = how.pop("case_ref", None)
        how["scorer"] = self.reading(how.get("scorer"))  # this request's model, from now on
        key = tuple(sorted((k, id(v) if k == "scorer" else v) for k, v in how.items()))
        pending = self._pending.get(loop)
        if pending is None:
            pending = self._pending[loop] = {}
            loop.call_soon(loop.call_soon, self._prepare_pending, loop)
        pending.setdefault(key, (how, []))[1].append((values, case_ref, future))
        return future

    def _prepare_pending(self, loop: Any) -> None:
        for how, items in self._pending.pop(loop, {}).values():
            try:
                outcomes: list[Any] = self.prepare_many(
                    [(values, case_ref) for values, case_ref, _ in items], **how
                )
                prepared = [o for o in outcomes if not isinstance(o, Exception)]
                claims = iter(self.group_writer().submit(loop, [d.record for d in prepared]))
                outcomes = [o if isinstance(o, Exception) else (o, next(claims)) for o in outcomes]
            except Exception as exc:  # the model, the policy or the log failed: all of them
                outcomes = [exc] * len(items)
            for (_, _, future), outcome in zip(items, outcomes, strict=True):
                if future.done():  # the request was cancelled (its client went away)
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def group_writer(self, in_child: bool = False) -> DecisionWriter | ProcessDecisionWriter:
        """The group-commit writer, made on first use; `in_child` (the first call's): its
        writing is done by a child process (`ProcessDecisionWriter`), off this one's GIL."""
        if self._writer is None:
            from pad_desktop.decisions import group_commit

            log, window = self._log(), self.settings.repeat_window_s
            self._writer = (
                group_commit.ProcessDecisionWriter(log, window)
                if in_child
                else group_commit.DecisionWriter(log, window)
            )
        return self._writer

    def review_band(self, scorer: Scorer | None = None) -> float:
        """Half-width of the review band around the threshold: Preferences, else the bundle."""
        if self.settings.review_band is not None:
            return float(self.settings.review_band)
        return (scorer or self.scorer).bundle.review_band

    # -- explanations (never recorded) ------------------------------------------------------
    def explain(
        self,
        values: Mapping[str, Any],
        lang: str = "en",
        *,
        scorer: Scorer | None = None,
        counterfactual: bool = True,
    ) -> Explanation:
        """The explanation of one applicant's decision (validated like `decide`); nothing is
        recorded: explaining a recorded decision re-derives it from the same inputs."""
        from pad_desktop.model.explain import explain

        scorer = self.reading(scorer)
        explanation = explain(
            scorer,
            values,
            lang,
            review_band=self.review_band(scorer),
            counterfactual=counterfactual,
        )
        policy = self.policy(scorer)
        if policy is None:
            return explanation
        from pad_desktop.policy.apply import apply_one, read_inputs

        read = read_inputs(policy, values, ".", lang)
        _, verdict = apply_one(
            policy, explanation.inputs, read, explanation.probability, explanation.outcome
        )
        return replace(explanation, policy=verdict)

    def simulate(self, values: Mapping[str, Any], lang: str = "en", **how: Any) -> Explanation:
        """What-if: the officer's edited values scored and explained, *not a decision*. Nothing
        is written to the decision log (not even as a simulation): a what-if is exploration,
        and logging every keystroke would bury the real decisions and skew the drift report."""
        return self.explain(values, lang, **how)

    # -- a frame ----------------------------------------------------------------------------
    def decide_frame(
        self,
        frame: pd.DataFrame,
        *,
        source: Source,
        case_refs: Any = None,
        decimal: str = ".",
        lang: str = "en",
        scorer: Scorer | None = None,
        record: bool = True,
        row_numbers: Any = None,
        created_at: Any = None,
        **batch_fields: Any,
    ) -> FrameDecisions:
        """Validate and score every row (cell by cell, the same rules as `decide`); the valid
        rows' decisions are recorded with their canonical inputs, in one transaction, before
        this returns. `case_refs`, `row_numbers` and `created_at` (a simulation's times) are
        per row of `frame`. `record=False` is for callers that record through
        `record_batch_async`."""
        from pad_desktop.model.canonical_inputs import canonical_frame

        scorer = self.reading(scorer)
        log = self._log()
        start = time.perf_counter()
        scores = scorer.score_frame(frame, decimal, lang)
        valid = scores.valid
        names = [n for n in scorer.signature.names if n in frame.columns]
        per_row = {"row_numbers": row_numbers, "created_at": created_at}
        for name, values in per_row.items():
            if values is not None:
                batch_fields[name] = [v for v, ok in zip(values, valid, strict=True) if ok]
        if case_refs is not None:
            batch_fields["case_refs"] = [
                _case_ref(c) for c, ok in zip(case_refs, valid, strict=True) if ok
            ]
        latency = (time.perf_counter() - start) * 1000.0 / max(int(valid.sum()), 1)
        inputs, typed = canonical_frame(scorer.signature, frame.loc[valid, names], decimal)
        policy = self.policy(scorer)
        if policy is not None:
            from pad_desktop.policy.apply import apply_frame, policy_inputs_json, read_input_columns
            from pad_desktop.policy.evaluate import record_json

            cells = {
                n: frame.loc[valid, n].to_numpy(dtype=object)
                for n in policy.input_names
                if n in frame.columns
            }
            columns = read_input_columns(policy, cells, len(inputs), decimal)
            read = _fields_read(policy, scorer.signature.names)
            decided, verdicts = apply_frame(
                policy, {n: inputs[n].to_numpy() for n in read}, columns,
                scores.probabilities, scores.decisions,
            )  # fmt: skip
            scores.decisions = decided
            batch_fields["policy"] = record_json(verdicts, policy_inputs_json(columns, len(inputs)))
        else:
            batch_fields["policy"] = ["{}"] * len(inputs)
        stop = None if source is Source.SIMULATION else self.stopped()  # simulated: not real
        if stop is not None:  # every row referred to human review, recorded so
            from pad_desktop.service.oversight import lines_with_stop

            policy_lines = list(batch_fields["policy"])
            batch_fields["policy"] = lines_with_stop(policy_lines, len(inputs), stop)
        batch = self._batch(
            scorer, source, inputs, scores, latency, typed_inputs=typed, **batch_fields
        )
        if record and len(batch):
            log.record_batch(batch)
            self._shadow_batch(batch)
        return FrameDecisions(scores, batch)

    async def record_batch_async(self, decided: FrameDecisions) -> None:
        if len(decided.batch):
            await self.group_writer().write(decided.batch)
            self._shadow_batch(decided.batch)

    # -- the challenger, in the shadow ------------------------------------------------------
    @property
    def shadow(self) -> Any:
        """The challenger's shadow scorer, or None; looked up on first use."""
        if not self._shadow_looked_up and self.log is not None:
            from pad_desktop.monitoring.challenger import shadow_scorer

            self._shadow_looked_up = True
            self._shadow = shadow_scorer(self.log)
        return self._shadow

    def _shadow_one(self, decision: Decision) -> None:
        """A decision just recorded (not a repeat) goes to the challenger, off the answer."""
        if not decision.repeated and self.shadow is not None:
            self.shadow.submit([decision.record.id], [decision.record.inputs])

    def _shadow_batch(self, batch: DecisionBatch) -> None:
        """Live batch decisions to the challenger (simulated traffic is not live)."""
        if len(batch) and batch.source != Source.SIMULATION and self.shadow is not None:
            self.shadow.submit(list(batch.ids), batch.inputs)

    def _batch(
        self,
        scorer: Scorer,
        source: Source,
        inputs: pd.DataFrame,
        scores: FrameScores | ChunkResult,
        latency_ms: Any,
        **extra: Any,
    ) -> DecisionBatch:
        return DecisionBatch(
            **self._provenance(scorer, source),
            threshold=scorer.threshold,
            inputs=inputs,
            scores=scores.probabilities,
            decisions=scores.decisions,
            reasons=scores.reasons,
            latency_ms=latency_ms,
            **extra,
        )

    def _provenance(self, scorer: Scorer, source: Source) -> dict[str, Any]:
        """Who decided, where, from which face, with which model: every record's header."""
        identity = self.identity
        return {
            "officer": identity.officer,
            "workstation": identity.workstation,
            "os_account": identity.os_account,
            "source": source,
            "model_id": scorer.bundle.id,
            "model_sha256": scorer.bundle.sha256,
        }

    # -- a CSV file -------------------------------------------------------------------------
    def score_file(
        self,
        path: str | Path,
        output: str | Path | None = None,
        errors_output: str | Path | None = None,
        *,
        state: TaskState | None = None,
        on_chunk: Callable[[ChunkResult], None] | None = None,
        record: bool = True,
        scorer: Scorer | None = None,
        again: bool = False,
        **options: Any,
    ) -> BatchSummary:
        """Score a CSV file; each chunk is recorded, then given to `on_chunk`, then written.

        A file this machine has already run with the same model (same content) resumes: the
        rows its earlier run recorded are written again but not decided again, under the same
        batch; `again` scores it again on purpose, each new decision pointing at the earlier
        run's decision for its row (`previous_id`). `record=False` is the CLI's explicit dry
        run: results are written, nothing is a decision and nothing is recorded. Otherwise a
        closed log stops before any row is read.
        """
        from pad_desktop.service.batch import score_csv

        scorer = self.reading(scorer)
        log = self._log() if record else None
        run_key, earlier = None, None
        if log is not None and Path(path).is_file():
            run = self.file_run(Path(path), scorer)
            # Decided on a cluster and never on this machine: refused. Once decided anew here,
            # a plain run again resumes that run, as any other (nothing is decided twice more).
            if run.on_cluster is not None and run.earlier is None and not again:
                raise DecidedOnCluster(path, run.on_cluster.batch_id)
            run_key, earlier = run.key, run.earlier
        resume = earlier if earlier is not None and not again else None
        link = earlier if earlier is not None and again else None
        skipped = 0

        def sink(chunk: ChunkResult) -> None:
            nonlocal skipped
            self.decide_chunk(scorer, chunk, record=log is not None)
            if log is not None and len(chunk.rows):
                fresh = chunk if resume is None else chunk.rows_after(resume.last_row)
                skipped += len(chunk.rows) - len(fresh.rows)
                if len(fresh.rows):
                    self._record_chunk(log, scorer, fresh, run_key, link)
            if on_chunk is not None:
                on_chunk(chunk)

        policy = self.policy(scorer)
        if policy is not None:
            options.setdefault("extra_columns", policy.input_names)
        summary = score_csv(
            path,
            scorer,
            output,
            errors_output,
            state=state,
            sink=sink,
            batch_id=None if resume is None else resume.batch_id,
            **options,
        )
        summary.already_recorded = skipped
        summary.again_of = None if link is None else link.batch_id
        return summary

    def file_run(self, path: Path, scorer: Scorer | None = None) -> FileRun:
        """What this computer has recorded of `path` with this model and policy: its run key,
        its earlier run on one machine, its cluster run (None: none)."""
        from pad_desktop.decisions.batch_runs import file_sha256
        from pad_desktop.decisions.batch_runs import run_key as key_of

        scorer = self.reading(scorer)
        digest = file_sha256(path)
        model_key = _model_and_policy(scorer.bundle.sha256, self.policy(scorer))
        log = self._log()
        return FileRun(
            key_of(digest, model_key),
            digest,
            model_key,
            log.batch_run(digest, model_key),
            log.cluster_run(digest, model_key),
        )

    def note_cluster_run(self, run: FileRun, batch_id: str) -> None:
        """A cluster run of the file starts from this computer (`cluster_run`)."""
        self._log().note_cluster_run(run.file_sha256, run.model_key, batch_id)

    def decide_chunk(self, scorer: Scorer, chunk: ChunkResult, record: bool) -> None:
        """The lending policy around a scored chunk (`batch._score_chunk`): what a file's batch
        and a cluster partition (`service.partition`) both run on every chunk. Dry runs too:
        the file shows the decisions the policy makes."""
        if len(chunk.rows):
            if record:
                self._chunk_inputs(scorer, chunk)  # read once, for the policy and the record
            self._apply_policy(scorer, chunk, record=record)
            if record:
                self._apply_stop(chunk)

    def _chunk_inputs(self, scorer: Scorer, chunk: ChunkResult) -> tuple[Any, list[str]]:
        """A chunk's canonical inputs and typed inputs, read once (policy, then record)."""
        from pad_desktop.model.canonical_inputs import canonical_frame

        if chunk.canonical is None or len(chunk.canonical[0]) != len(chunk.rows):
            names = [n for n in scorer.signature.names if n in chunk.cells.column_names]
            chunk.canonical = canonical_frame(
                scorer.signature, chunk.cells.select(names), chunk.decimal
            )
        return chunk.canonical

    def _apply_policy(self, scorer: Scorer, chunk: ChunkResult, record: bool) -> None:
        """Run the policy over a scored chunk: its decisions become the policy's where it
        refuses, and the chunk carries each row's verdict (results file; record JSON when
        `record`)."""
        policy = self.policy(scorer)
        if policy is None:
            return
        from pad_desktop.policy.apply import apply_frame, policy_inputs_json, read_input_columns
        from pad_desktop.policy.evaluate import record_json, row_groups

        read = _fields_read(policy, scorer.signature.names)
        if chunk.canonical is not None:
            inputs = {name: chunk.canonical[0][name].to_numpy() for name in read}
        else:
            inputs = _canonical_columns(scorer, chunk, read)
        names = chunk.cells.column_names
        cells = {n: chunk.cells.column(n) for n in policy.input_names if n in names}
        columns = read_input_columns(policy, cells, len(chunk.rows), chunk.decimal)
        decided, verdicts = apply_frame(
            policy, inputs, columns, chunk.probabilities, chunk.decisions
        )
        if decided is not chunk.decisions:
            chunk.decisions[:] = decided
        lines = None
        if record:
            lines = record_json(verdicts, policy_inputs_json(columns, len(chunk.rows)))
        chunk.set_policy(lines, row_groups(verdicts))

    def _apply_stop(self, chunk: ChunkResult) -> None:
        """While the stop switch is on, every row of the chunk is referred (recorded so)."""
        stop = self.stopped()
        if stop is None:
            return
        import numpy as np

        from pad_desktop.policy.evaluate import RowGroups
        from pad_desktop.service.oversight import lines_with_stop

        n = len(chunk.rows)
        groups = chunk.policy
        if groups is None:
            groups = RowGroups(np.zeros(n, dtype=np.int64), ("refer",), ("stop",))
        else:
            groups = RowGroups(groups.group, tuple("refer" for _ in groups.effects),
                               tuple(f"stop {r}".strip() for r in groups.rules))  # fmt: skip
        chunk.set_policy(lines_with_stop(chunk.policy_json, n, stop), groups)

    def _record_chunk(
        self, log: DecisionLog, scorer: Scorer, chunk: ChunkResult, run_key: str | None, link: Any
    ) -> None:
        from pad_desktop.decisions.records import batch_decision_ids

        previous = None
        if link is not None:
            linked = batch_decision_ids(link.batch_id, chunk.rows)
            previous = [
                p if r <= link.last_row else None for p, r in zip(linked, chunk.rows, strict=True)
            ]
        batch = self.chunk_batch(scorer, chunk, run_key=run_key, previous_ids=previous)
        log.record_batch(batch)
        self._shadow_batch(batch)

    def chunk_batch(
        self,
        scorer: Scorer,
        chunk: ChunkResult,
        *,
        ids_of: uuid.UUID | None = None,
        created_at: Any = None,
        latency_ms: float | None = None,
        **extra: Any,
    ) -> DecisionBatch:
        """The records of a decided chunk (`decide_chunk`): ids derived from `ids_of` (default:
        the chunk's batch) and the rows. A cluster partition gives its run's key, start time
        and no latency, so that running it again gives the same records byte for byte."""
        from pad_desktop.decisions.records import batch_decision_ids

        inputs, typed = self._chunk_inputs(scorer, chunk)
        policy_lines = ["{}"] * len(chunk.rows) if chunk.policy_json is None else chunk.policy_json
        return self._batch(
            scorer,
            Source.BATCH,
            inputs,
            chunk,
            chunk.latency_ms if latency_ms is None else latency_ms,
            row_numbers=chunk.rows,
            batch_id=chunk.batch_id,
            case_refs=chunk.case_refs,
            typed_inputs=typed,
            ids=batch_decision_ids(ids_of or chunk.batch_id, chunk.rows),
            policy=policy_lines,
            created_at=created_at,
            **extra,
        )

    # -- human decisions and model switches -------------------------------------------------
    def override(
        self,
        decision: DecisionRecord,
        new_decision: Outcome | None,
        justification: str,
        kind: str = "override",
    ) -> OverrideRecord | OversightRequest:
        """Record an override (or a review, `new_decision=None`) of a recorded decision; an
        officer's override beyond their delegation is recorded as a request that waits for a
        supervisor (`service.oversight`), and that request is returned."""
        done = self.oversight.override(decision, new_decision, justification, kind)
        return done.request if done.override is None else done.override

    # -- the decision notice ----------------------------------------------------------------
    def notice(
        self,
        decision: DecisionRecord,
        lang: str = "en",
        overrides: Sequence[OverrideRecord] | None = None,
    ) -> NoticeContent:
        """The notice of a recorded decision after its overrides and reviews (default: those a
        `StoredDecision` carries), worded with the model in use; nothing is recorded."""
        from pad_desktop.service.notice import build_notice

        if overrides is None:
            overrides = getattr(decision, "overrides", ())
        return build_notice(decision, overrides, lang, self.scorer.bundle)

    def record_notice(self, content: NoticeContent, kind: NoticeKind | str) -> NoticeRecord:
        """Record that `content` is issued (`kind`: pdf or print); durable when it returns,
        before the face hands the document over."""
        log = self._log()
        identity = self.identity
        notice = NoticeRecord(
            decision_id=uuid.UUID(content.decision_id),
            kind=NoticeKind(kind),
            lang=content.lang,
            content_sha256=content.sha256,
            officer=identity.officer,
            workstation=identity.workstation,
            override_id=None if content.override_id is None else uuid.UUID(content.override_id),
            os_account=identity.os_account,
        )
        log.record_notice(notice)
        return notice

    def issue_notice(
        self,
        decision: DecisionRecord,
        kind: NoticeKind | str,
        lang: str = "en",
        overrides: Sequence[OverrideRecord] | None = None,
    ) -> IssuedNotice:
        """Build the notice of `decision`, record it as issued, and return both."""
        content = self.notice(decision, lang, overrides)
        return IssuedNotice(content, self.record_notice(content, kind))

    def reproduce_notice(
        self, decision: DecisionRecord, overrides: Sequence[OverrideRecord], notice: NoticeRecord
    ) -> NoticeContent:
        """The notice `notice` recorded, built again from the log (`matches` says whether it
        is the same one)."""
        from pad_desktop.service.notice import rebuild_notice

        return rebuild_notice(decision, overrides, notice, self.scorer.bundle)

    def model_event(
        self,
        kind: str,
        previous: Bundle | None,
        new: Bundle,
        repo: str | None = None,
        commit: str | None = None,
    ) -> ModelEvent:
        """The record of a model install, switch or rollback (`kind`), in the one format."""
        identity = self.identity
        return ModelEvent(
            kind=kind,
            officer=identity.officer,
            workstation=identity.workstation,
            from_model=None if previous is None else model_label(previous),
            to_model=model_label(new),
            repo=repo,
            commit=commit,
            os_account=identity.os_account,
        )

    def switch_model(self, path: str | Path | None = None, kind: str = "use") -> Scorer:
        """Make the bundle at `path` (default: the active one, re-resolved) the model in use and
        record the switch; requests in flight keep the model they started with."""
        previous = self.scorer
        if self.log is not None and path is not None:  # four eyes: a second model owner
            from pad_desktop.model.bundle import load_bundle

            target = model_label(load_bundle(path))
            if target != model_label(previous.bundle):
                self.oversight.switch_approval(target)
        current = self.active.swap(path)
        if current.bundle.sha256 != previous.bundle.sha256 and self.log is not None:
            self.log.record_model_event(self.model_event(kind, previous.bundle, current.bundle))
        return current

    def close(self) -> None:
        """Write what group commit holds (the log itself belongs to whoever opened it)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._shadow is not None:  # what the challenger was given is recorded first
            self._shadow.close()
            self._shadow = None


def _claimed(decision: Decision, claim: Claim | None) -> Decision:
    """The decision as the store recorded it: linked to the case's previous decision, or the
    case's same decision already recorded (`repeated`)."""
    if claim is None:
        return decision
    record = replace(
        decision.record,
        id=uuid.UUID(claim.decision_id),
        created_at=datetime.fromisoformat(claim.created_at).replace(tzinfo=UTC),
        previous_id=None if claim.previous_id is None else uuid.UUID(claim.previous_id),
        officer=claim.officer,
    )
    return replace(decision, record=record, repeated=claim.repeated)


def _fields_read(policy: Policy, names: Sequence[str]) -> list[str]:
    """The model's fields a policy's rules and derived values read."""
    read = set().union(
        *(r.when.names for r in policy.rules), *(d.expr.names for d in policy.derived)
    )
    return [n for n in names if n in read]


def _canonical_columns(scorer: Scorer, chunk: ChunkResult, names: list[str]) -> dict[str, Any]:
    """Some of a chunk's canonical inputs (a dry run reads no more than its policy needs): a
    whole-number field straight from the model's input (float32 holds it exactly up to 2**24),
    any other field by reading each distinct cell once."""
    import numpy as np

    from pad_desktop.cells.values import read_cell, verdicts_of
    from pad_desktop.model.signature import Kind

    exact = 2.0**24
    out = {}
    for name in names:
        spec = scorer.signature[name]
        position = scorer.signature.names.index(name)
        bounded = (
            spec.minimum is not None
            and spec.maximum is not None
            and -exact <= spec.minimum
            and spec.maximum <= exact
        )
        if chunk.matrix is not None and spec.kind is Kind.INTEGER and bounded:
            out[name] = chunk.matrix[:, position].astype(np.float64)
            continue
        if name not in chunk.cells.column_names:
            out[name] = np.full(len(chunk.rows), None, dtype=object)
            continue
        codes, _, verdicts = verdicts_of(spec, chunk.cells.column(name), chunk.decimal)
        table = [v.value for v in verdicts] + [read_cell(spec, None, chunk.decimal).value]
        if spec.kind in (Kind.NUMBER, Kind.INTEGER):  # numbers as the rules read them
            out[name] = np.array([np.nan if v is None else v for v in table], np.float64)[codes]
        else:
            values = np.empty(len(table), dtype=object)
            values[:] = table
            out[name] = values[codes]
    return out


@dataclass(frozen=True, slots=True)
class FileRun:
    """A batch file as this computer's log knows it (`DecisionService.file_run`)."""

    key: str
    file_sha256: str
    model_key: str
    earlier: BatchRun | None  # run on one machine
    on_cluster: BatchRun | None  # run on a cluster from this computer


class DecidedOnCluster(Worded, RuntimeError):
    """A file this computer already decided on a cluster, run again on one machine."""

    def __init__(self, path: object, batch_id: object) -> None:
        super().__init__("cluster.already_on_cluster", path=path, batch=batch_id)


def _model_and_policy(model_sha256: str, policy: Policy | None) -> str:
    """What a batch run's results depend on besides the file: the model, and the policy (a run
    resumed under another policy would mix two policies' decisions in one batch)."""
    if policy is None:
        return model_sha256
    import hashlib

    return hashlib.sha256(f"{model_sha256}:{policy.sha256}".encode()).hexdigest()


def _case_ref(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None
