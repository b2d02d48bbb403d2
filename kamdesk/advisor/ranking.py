"""The rating engine for many subscribers at once (numpy). Pure: no Django import.

``rating.choose`` rates one subscriber option by option and is the reference; this
module computes the same totals for a whole customer with array operations (one pass per
plan and add-on, looping only over months for carry-over), then builds the full month
by month ``Rating`` only for each subscriber's current plan and recommendation. It must
give the same answer as ``choose`` for every subscriber
(tests/advisor/test_ranking_matches_reference.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kamdesk.advisor.rating import (
    KEEP,
    MB_PER_GB,
    Addon,
    Choice,
    Lock,
    Plan,
    Refusal,
    Usage,
    rate,
    refusal_reason,
)

EXCLUDED = np.iinfo(np.int64).max // 4


@dataclass
class Matrix:
    """Left-aligned usage of N subscribers over at most K months (zeros past the end)."""

    voice: np.ndarray
    sms: np.ndarray
    data: np.ndarray
    cug: np.ndarray
    roaming: np.ndarray
    broadband: np.ndarray
    present: np.ndarray

    @classmethod
    def of(cls, histories: Sequence[Sequence[Usage]]) -> Matrix:
        n, k = len(histories), max((len(h) for h in histories), default=0)
        arrays = {
            name: np.zeros((n, k), dtype=np.int64)
            for name in ("voice", "sms", "data", "cug", "roaming", "broadband")
        }
        present = np.zeros((n, k), dtype=bool)
        for i, history in enumerate(histories):
            for j, u in enumerate(history):
                arrays["voice"][i, j] = u.voice_minutes
                arrays["sms"][i, j] = u.sms
                arrays["data"][i, j] = u.data_mb
                arrays["cug"][i, j] = u.cug_minutes
                arrays["roaming"][i, j] = u.roaming_fen
                arrays["broadband"][i, j] = u.broadband_fen
                present[i, j] = True
        return cls(present=present, **arrays)


@dataclass
class Totals:
    total: np.ndarray  # (N,) fen over the history
    paid_data: np.ndarray  # (N,) bool: data overage paid or speed capped
    paid_voice: np.ndarray
    roamed: np.ndarray


def _beyond(plan: Plan, m: Matrix, allowance: int) -> np.ndarray:
    """MB used past every allowance, month by month (carry-over used first)."""
    if not plan.carry_over:
        return np.maximum(0, m.data - allowance)
    beyond = np.zeros_like(m.data)
    carried = np.zeros(m.data.shape[0], dtype=np.int64)
    for j in range(m.data.shape[1]):
        rest = np.maximum(0, m.data[:, j] - carried)
        beyond[:, j] = np.maximum(0, rest - allowance)
        carried = np.maximum(0, allowance - rest)
    return beyond


def totals(plan: Plan, packs: tuple[Addon, ...], m: Matrix) -> Totals:
    """What every subscriber's history would have cost under ``plan`` with ``packs``."""
    voice_allow = plan.voice_minutes + sum(a.voice_minutes for a in packs)
    data_allow = plan.data_mb + sum(a.data_mb for a in packs)
    fixed = plan.monthly_fee + sum(a.monthly_fee for a in packs)
    minutes = m.voice - m.cug if plan.cug_free else m.voice
    voice = np.maximum(0, minutes - voice_allow) * plan.voice_per_min
    sms = np.maximum(0, m.sms - plan.sms) * plan.sms_each
    beyond = _beyond(plan, m, data_allow)
    if plan.unlimited_data:
        data = np.zeros_like(beyond)
    else:
        data = (beyond + MB_PER_GB - 1) // MB_PER_GB * plan.data_per_gb
    roaming = np.zeros_like(m.roaming) if any(a.covers_roaming for a in packs) else m.roaming
    broadband = np.zeros_like(m.broadband) if plan.broadband_mbps else m.broadband
    monthly = (fixed + voice + sms + data + roaming + broadband) * m.present
    return Totals(
        total=monthly.sum(axis=1),
        paid_data=((data > 0) | (plan.unlimited_data & (beyond > 0))).any(axis=1),
        paid_voice=(voice > 0).any(axis=1),
        roamed=(roaming > 0).any(axis=1),
    )


def _useful(addon: Addon, alone: Totals) -> np.ndarray:
    return (
        (addon.covers_roaming & alone.roamed)
        | ((addon.data_mb > 0) & alone.paid_data)
        | ((addon.voice_minutes > 0) & alone.paid_voice)
    )


@dataclass(frozen=True)
class Candidate:
    plan: Plan
    packs: tuple[Addon, ...]
    label: str

    @classmethod
    def of(cls, plan: Plan, packs: tuple[Addon, ...]) -> Candidate:
        return cls(plan, packs, "+".join([plan.code, *(a.code for a in packs)]))


def _candidates(
    plans: Sequence[Plan], addons: Sequence[Addon], m: Matrix
) -> tuple[list[Candidate], np.ndarray, dict[str, np.ndarray]]:
    """Every (plan, add-on) option, ordered by monthly fee then label (the tie-break),
    with the (N, C) matrix of totals (EXCLUDED where an add-on would not help) and the
    plan-alone totals by plan code."""
    options: list[tuple[Candidate, np.ndarray]] = []
    alone_by_plan: dict[str, np.ndarray] = {}
    for plan in plans:
        alone = totals(plan, (), m)
        alone_by_plan[plan.code] = alone.total
        options.append((Candidate.of(plan, ()), alone.total))
        for addon in addons:
            if not addon.is_public or (addon.plan_codes and plan.code not in addon.plan_codes):
                continue
            useful = _useful(addon, alone)
            if useful.any():
                with_pack = totals(plan, (addon,), m).total
                options.append(
                    (Candidate.of(plan, (addon,)), np.where(useful, with_pack, EXCLUDED))
                )
    options.sort(key=lambda o: (o[0].plan.monthly_fee, o[0].label))
    matrix = np.stack([o[1] for o in options], axis=1) if options else np.zeros((len(m.present), 0))
    return [o[0] for o in options], matrix, alone_by_plan


def rank_many(
    *,
    histories: Sequence[Sequence[Usage]],
    currents: Sequence[Plan | None],
    plans: Sequence[Plan],
    addons: Sequence[Addon],
    segments: Sequence[frozenset[str]],
    locks: Sequence[Lock | None],
    effective: dt.date,
) -> list[Choice]:
    """``choose(...)`` for each subscriber, computed together."""
    m = Matrix.of(histories)
    candidates, matrix, alone = _candidates(plans, addons, m)
    choices = []
    for i, history in enumerate(histories):
        refused = {
            p.code: reason
            for p in plans
            if (
                reason := refusal_reason(
                    p, segments=segments[i], lock=locks[i], effective=effective
                )
            )
        }
        row = np.array(matrix[i], copy=True)
        for c, candidate in enumerate(candidates):
            if candidate.plan.code in refused:
                row[c] = EXCLUDED
        choices.append(_choice(history, currents[i], plans, candidates, row, refused, alone, i))
    return choices


def _choice(
    history: Sequence[Usage],
    current: Plan | None,
    plans: Sequence[Plan],
    candidates: list[Candidate],
    row: np.ndarray,
    refused: dict[str, str],
    alone: dict[str, np.ndarray],
    i: int,
) -> Choice:
    ranked = np.argsort(row, kind="stable")
    order = ranked[row[ranked] < EXCLUDED].tolist()
    choice = Choice(current=rate(current, history) if current is not None else None)
    choice.refused = [Refusal(plan=p, reason=refused[p.code]) for p in plans if p.code in refused]
    values = row.tolist()
    choice.ranked = [(candidates[c].label, values[c]) for c in order[:KEEP]]
    if order:
        best = candidates[order[0]]
        choice.options = [rate(best.plan, history, best.packs)]
        top = values[order[0]]
        choice.cheaper_refused = [
            (p.code, refused[p.code], int(alone[p.code][i]))
            for p in plans
            if p.code in refused and refused[p.code] != "segment" and alone[p.code][i] < top
        ]
    return choice
