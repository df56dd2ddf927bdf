#!/usr/bin/env python3
"""Writes the network test fixtures under src/test/resources/network/.

The reference values are computed here with numpy in float64, independently of the Java code:
forward passes with matrix products, reason-code attributions (x_i * d logit_h / d x_i) by
backpropagating a one-hot head gradient, and online training (binary cross-entropy through the
heads and layers, then SGD or Adam as torch.optim computes them). The Java tests must match them
to 1e-6 (probabilities) or tighter.

The PyTorch export fixture is written by the exporter snippet in README.md, read from that
file and run unchanged. torch cannot be installed on the build machines, so a minimal stand-in for
torch.nn (numpy float32 arrays behind the same attribute and method names the snippet uses) takes
its place.

Run from anywhere:  python3 src/test/python/make_network_fixtures.py
"""

import json
import pathlib
import re
import sys
import types

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "src" / "test" / "resources" / "network"


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


ACT = {
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": sigmoid,
    "hardsigmoid": lambda z: np.clip(z + 3.0, 0.0, 6.0) / 6.0,
    "silu": lambda z: z * sigmoid(z),
    "identity": lambda z: z,
}

# Derivatives as PyTorch's autograd defines them (relu' = 0 at 0; hardsigmoid' = 1/6 on (-3, 3)).
DACT = {
    "relu": lambda z: (z > 0).astype(np.float64),
    "sigmoid": lambda z: sigmoid(z) * (1.0 - sigmoid(z)),
    "hardsigmoid": lambda z: ((z > -3.0) & (z < 3.0)).astype(np.float64) / 6.0,
    "silu": lambda z: sigmoid(z) * (1.0 + z * (1.0 - sigmoid(z))),
    "identity": lambda z: np.ones_like(z),
}


class Net:
    """Hidden layers [(W [out][in], b [out], activation)] and heads (H [heads][last], c [heads])."""

    def __init__(self, layers, head_w, head_b):
        self.layers = [(np.array(w, np.float64), np.array(b, np.float64), a) for w, b, a in layers]
        self.head_w = np.array(head_w, np.float64)
        self.head_b = np.array(head_b, np.float64)

    def forward(self, x):
        a = np.asarray(x, np.float64)
        pres, posts = [], []
        for w, b, act in self.layers:
            z = w @ a + b
            pres.append(z)
            a = ACT[act](z)
            posts.append(a)
        return self.head_w @ a + self.head_b, pres, posts

    def backward(self, x, d_logits, pres, posts):
        """Gradients of sum(d_logits * logits) w.r.t. (layer W, b)..., H, c and x."""
        last = posts[-1] if posts else np.asarray(x, np.float64)
        g_head_w = np.outer(d_logits, last)
        g_head_b = d_logits.copy()
        delta = self.head_w.T @ d_logits
        g_layers = []
        for i in reversed(range(len(self.layers))):
            w, _, act = self.layers[i]
            dz = delta * DACT[act](pres[i])
            below = posts[i - 1] if i > 0 else np.asarray(x, np.float64)
            g_layers.append((np.outer(dz, below), dz))
            delta = w.T @ dz
        g_layers.reverse()
        return g_layers, g_head_w, g_head_b, delta

    def attributions(self, x):
        logits, pres, posts = self.forward(x)
        out = []
        for h in range(len(logits)):
            one_hot = np.zeros(len(logits))
            one_hot[h] = 1.0
            grad_x = self.backward(x, one_hot, pres, posts)[3]
            out.append((np.asarray(x) * grad_x).tolist())
        return out

    def model_file(self, name, features, heads, thresholds=None):
        thresholds = thresholds or [0.5] * len(heads)
        return {
            "name": name,
            "features": features,
            "layers": [
                {"weights": w.tolist(), "bias": b.tolist(), "activation": a}
                for w, b, a in self.layers
            ],
            "heads": [
                {"name": n, "weights": self.head_w[h].tolist(), "bias": float(self.head_b[h]),
                 "threshold": t}
                for h, (n, t) in enumerate(zip(heads, thresholds))
            ],
        }


def linear_init(rng, fan_in, fan_out, scale=1.0):
    """nn.Linear's default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    bound = scale / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, (fan_out, fan_in)), rng.uniform(-bound, bound, fan_out)


def write(name, document):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(document) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


def scoring_fixture(name, description, net, features, heads, inputs, thresholds=None):
    probabilities, attributions = [], []
    for x in inputs:
        logits = net.forward(x)[0]
        probabilities.append(sigmoid(logits).tolist())
        attributions.append(net.attributions(x))
    model = net.model_file(name, features, heads, thresholds)
    if not net.layers:
        del model["layers"]
    write(name + ".json", {
        "description": description,
        "model": model,
        "inputs": [list(map(float, x)) for x in inputs],
        "probabilities": probabilities,
        "attributions": attributions,
    })


def linear_3_2(rng):
    w, b = linear_init(rng, 3, 2)
    net = Net([], w, b)
    inputs = rng.normal(0, 2, (12, 3))
    scoring_fixture("linear-3-2", "nn.Linear(3, 2) then sigmoid: a logistic model with two heads",
                    net, ["x0", "x1", "x2"], ["first", "second"], inputs, [0.5, 0.3])


def mlp_64_128_2(rng):
    w1, b1 = linear_init(rng, 64, 128)
    w2, b2 = linear_init(rng, 128, 2)
    net = Net([(w1, b1, "relu")], w2, b2)
    inputs = rng.normal(0, 1.5, (16, 64))
    scoring_fixture("mlp-64-128-2",
                    "Linear(64, 128) -> ReLU -> Linear(128, 2) -> Sigmoid",
                    net, [f"f{i:02d}" for i in range(64)], ["fraud", "chargeback"], inputs,
                    [0.5, 0.2])


def per_activation(rng, act):
    # Two hidden layers of the same activation, weights scaled so that pre-activations cover
    # relu's negative side and hardsigmoid's flat regions beyond +-3 as well as the slopes.
    w1, b1 = linear_init(rng, 6, 9, scale=4.0)
    w2, b2 = linear_init(rng, 9, 5, scale=4.0)
    w3, b3 = linear_init(rng, 5, 2, scale=2.0)
    net = Net([(w1, b1, act), (w2, b2, act)], w3, b3)
    inputs = rng.normal(0, 2.5, (20, 6))
    pres = np.concatenate([np.concatenate(net.forward(x)[1]) for x in inputs])
    if act == "hardsigmoid":
        flat = np.mean(np.abs(pres) >= 3)
        assert 0.1 < flat < 0.9, f"hardsigmoid fixture: {flat:.2f} of units saturated"
    if act == "relu":
        assert 0.1 < np.mean(pres < 0) < 0.9
    scoring_fixture(f"activation-{act}",
                    f"Linear(6, 9) -> {act} -> Linear(9, 5) -> {act} -> Linear(5, 2) heads",
                    net, [f"x{i}" for i in range(6)], ["left", "right"], inputs)


def train(net, examples, heads, optimizer, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One optimizer step per example on sum over labelled heads of weight * BCE(logit, label)."""
    params = [p for w, b, _ in net.layers for p in (w, b)] + [net.head_w, net.head_b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    progressive = []
    for t, example in enumerate(examples, start=1):
        x = np.array(example["x"])
        logits, pres, posts = net.forward(x)
        d_logits = np.zeros(len(heads))
        seen = []
        for head, label in example["labels"].items():
            h = heads.index(head)
            seen.append(float(logits[h]))
            d_logits[h] = (sigmoid(logits[h]) - label) * example["weight"]
        progressive.append(seen)
        g_layers, g_head_w, g_head_b, _ = net.backward(x, d_logits, pres, posts)
        grads = [g for pair in g_layers for g in pair] + [g_head_w, g_head_b]
        for i, (p, g) in enumerate(zip(params, grads)):
            if optimizer == "SGD":
                p -= lr * g
            else:
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                step_size = lr / (1 - beta1 ** t)
                denom = np.sqrt(v[i]) / np.sqrt(1 - beta2 ** t) + eps
                p -= step_size * (m[i] / denom)
    return progressive


def training_fixture(rng, optimizer):
    w1, b1 = linear_init(rng, 4, 6, scale=2.0)
    w2, b2 = linear_init(rng, 6, 5, scale=2.0)
    w3, b3 = linear_init(rng, 5, 3)
    net = Net([(w1, b1, "silu"), (w2, b2, "hardsigmoid")], w3, b3)
    features, heads = ["a", "b", "c", "d"], ["h0", "h1", "h2"]
    start = net.model_file("train", features, heads)
    subsets = [["h0"], ["h1", "h2"], ["h0", "h1", "h2"], ["h2"], ["h2", "h0"]]
    examples = []
    for i in range(30):
        x = rng.normal(0, 1.5, 4)
        labels = {h: int(rng.random() < 0.5) for h in subsets[i % len(subsets)]}
        examples.append({"x": x.tolist(), "labels": labels, "weight": [1.0, 0.5, 2.0][i % 3]})
    lr = 0.01 if optimizer == "ADAM" else 0.05
    progressive = train(net, examples, heads, optimizer, lr)
    write(f"training-{optimizer.lower()}.json", {
        "description": f"{optimizer} steps on BCE of the labelled heads only, lr {lr}",
        "optimizer": optimizer,
        "learningRate": lr,
        "model": start,
        "examples": examples,
        "progressiveLogits": progressive,
        "trained": net.model_file("train", features, heads),
    })


def exporter_snippet():
    text = (ROOT / "README.md").read_text()
    match = re.search(r"<!-- exporter begin -->\s*```python\n(.*?)```\s*<!-- exporter end -->",
                      text, re.S)
    if not match:
        sys.exit("README.md has no exporter block between the markers")
    return match.group(1)


def fake_torch(rng):
    """Just enough of torch.nn for the exporter: float32 parameters behind PyTorch's names."""

    class Tensor:
        def __init__(self, array):
            self.array = np.asarray(array, dtype=np.float32)

        def detach(self):
            return self

        def cpu(self):
            return self

        def tolist(self):
            return self.array.tolist()

    class Module:
        def __repr__(self):
            return type(self).__name__ + "()"

    class Linear(Module):
        def __init__(self, fan_in, fan_out):
            w, b = linear_init(rng, fan_in, fan_out)
            self.weight, self.bias = Tensor(w), Tensor(b)

    class Sequential(Module):
        def __init__(self, *modules):
            self.modules = modules

        def named_children(self):
            return [(str(i), m) for i, m in enumerate(self.modules)]

        def state_dict(self):
            state = {}
            for key, module in self.named_children():
                if isinstance(module, Linear):
                    state[key + ".weight"] = module.weight
                    state[key + ".bias"] = module.bias
            return state

    nn = types.ModuleType("torch.nn")
    nn.Linear, nn.Sequential = Linear, Sequential
    for name in ["ReLU", "Sigmoid", "Hardsigmoid", "SiLU", "Identity"]:
        setattr(nn, name, type(name, (Module,), {}))
    torch = types.ModuleType("torch")
    torch.nn = nn
    return torch, nn


def pytorch_export(rng):
    torch, nn = fake_torch(rng)
    sys.modules["torch"], sys.modules["torch.nn"] = torch, nn
    namespace = {}
    exec(exporter_snippet(), namespace)
    export = namespace["export_for_stream_scorer"]

    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 2), nn.Sigmoid())
    features = [f"f{i:02d}" for i in range(64)]
    path = OUT / "pytorch-mlp-64-128-2.json"
    export(model, path, "fraud-net", features, ["fraud", "chargeback"], thresholds=[0.3, 0.5])
    print(f"wrote {path.relative_to(ROOT)} with the exporter of README.md")

    write_expected(rng, model, "pytorch-mlp-64-128-2", features)

    # The same export with the second Linear's weights one column short, as if layer 0 had 127
    # outputs: the import must refuse it and name the layer.
    broken = json.loads(path.read_text())
    broken["state_dict"]["2.weight"] = [row[:-1] for row in broken["state_dict"]["2.weight"]]
    (OUT / "pytorch-mlp-shape-mismatch.json").write_text(json.dumps(broken) + "\n")
    print("wrote the shape-mismatch variant")

    # A logits network without the final Sigmoid, three layers, every activation module.
    model = nn.Sequential(nn.Linear(5, 7), nn.SiLU(), nn.Linear(7, 6), nn.Hardsigmoid(),
                          nn.Linear(6, 4), nn.Sigmoid(), nn.Linear(4, 3), nn.Identity(),
                          nn.Linear(3, 1))
    features = ["a", "b", "c", "d", "e"]
    export(model, OUT / "pytorch-logits-every-activation.json", "logits-net", features, ["risk"])
    print("wrote pytorch-logits-every-activation.json with the exporter of README.md")
    write_expected(rng, model, "pytorch-logits-every-activation", features)


def write_expected(rng, model, name, features):
    """float64 probabilities of an export's float32 weights, as the scorer computes them."""
    names = {"ReLU": "relu", "Sigmoid": "sigmoid", "Hardsigmoid": "hardsigmoid", "SiLU": "silu",
             "Identity": "identity"}
    linears = []
    for module in model.modules:
        if hasattr(module, "weight"):
            linears.append([module.weight.array.astype(np.float64),
                            module.bias.array.astype(np.float64), "identity"])
        else:
            linears[-1][2] = names[type(module).__name__]
    # The last Linear's activation is the heads' sigmoid (or none: logits), applied below.
    net = Net([tuple(layer) for layer in linears[:-1]], linears[-1][0], linears[-1][1])
    inputs = rng.normal(0, 1.5, (10, len(features)))
    write(name + ".expected.json", {
        "description": f"float64 probabilities of {name}.json's float32 weights",
        "inputs": inputs.tolist(),
        "probabilities": [sigmoid(net.forward(x)[0]).tolist() for x in inputs],
    })


def main():
    rng = np.random.default_rng(20261101)
    linear_3_2(rng)
    mlp_64_128_2(rng)
    for act in ["relu", "sigmoid", "hardsigmoid", "silu", "identity"]:
        per_activation(rng, act)
    training_fixture(rng, "ADAM")
    training_fixture(rng, "SGD")
    pytorch_export(rng)


if __name__ == "__main__":
    main()
