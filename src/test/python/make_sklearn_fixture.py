#!/usr/bin/env python3
"""Writes the scikit-learn test fixtures under src/test/resources/sklearn/.

The model file is written by the scikit-learn snippet in README.md, read from that file and run
unchanged on synthetic payments in raw units (amounts in the hundreds, counts, a flag, and a
column that never varies, whose StandardScaler scale_ is 1.0). The expected probabilities are
scikit-learn's own, pipe.predict_proba, in float64, for raw rows the Java test sends as features.

Needs scikit-learn and pandas (Debian: apt-get install python3-sklearn python3-pandas).

Run from anywhere:  python3 src/test/python/make_sklearn_fixture.py
"""

import json
import os
import pathlib
import re
import sys
import tempfile

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "src" / "test" / "resources" / "sklearn"


def snippet():
    text = (ROOT / "README.md").read_text()
    match = re.search(
        r"<!-- sklearn export begin -->\s*```python\n(.*?)```\s*<!-- sklearn export end -->",
        text, re.S)
    if not match:
        sys.exit("README.md has no scikit-learn block between the markers")
    return match.group(1)


def payments(rng, n):
    amount = rng.lognormal(4.5, 1.0, n)
    velocity = rng.poisson(3.0, n).astype(np.float64)
    foreign = (rng.random(n) < 0.2).astype(np.float64)
    channel = np.ones(n)
    logit = -4.0 + 0.01 * amount + 0.4 * velocity + 1.5 * foreign
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    x = pd.DataFrame(
        {"amount": amount, "velocity": velocity, "foreign": foreign, "channel_pos": channel})
    return x, y


def main():
    rng = np.random.default_rng(20261206)
    X, y = payments(rng, 2000)
    namespace = {"X": X, "y": y}
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        try:
            exec(snippet(), namespace)
            model = json.loads(pathlib.Path("fraud.json").read_text())
        finally:
            os.chdir(here)
    assert model["scaling"]["scale"][3] == 1.0, "a constant column keeps scale 1.0"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fraud-scaled.json").write_text(json.dumps(model, indent=2) + "\n")
    print("wrote src/test/resources/sklearn/fraud-scaled.json with the snippet of README.md")

    rows, _ = payments(rng, 12)
    rows.loc[0, "amount"] = 25_000.0  # far outside the training range
    probabilities = namespace["pipe"].predict_proba(rows)[:, 1]
    expected = {
        "description": "pipe.predict_proba(rows)[:, 1] of the pipeline fraud-scaled.json came from",
        "rows": rows.to_dict(orient="records"),
        "probabilities": probabilities.tolist(),
    }
    (OUT / "fraud-scaled.expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print("wrote src/test/resources/sklearn/fraud-scaled.expected.json")


if __name__ == "__main__":
    main()
