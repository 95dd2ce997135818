"""Held-out documents in layouts the corpus does not have (tests/unseen, see its README)."""

from pathlib import Path

import pytest

from govkg.graph.evaluate import load_gold, score_assignments, total
from govkg.graph.evaluation import store_predictions
from govkg.graph.build import build_store

UNSEEN = Path(__file__).resolve().parent / "unseen"


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    store = tmp_path_factory.mktemp("unseen") / "kg"
    build_store([UNSEEN], store, progress=None)
    gold, surfaces, _ = load_gold(UNSEEN / "expected.jsonl")
    preds, _ = store_predictions(store)
    return score_assignments(preds, gold, surfaces)


def _f1(scores, mode):
    return total([s[mode] for s in scores.values()]).f1


def test_unseen_unit_f1_ignoring_roles(scores):
    assert _f1(scores, "role-agnostic") >= 0.85


def test_unseen_in_charge_vs_cooperating(scores):
    assert _f1(scores, "role-aware") >= 0.80
