"""PyTorch on the CPU, natively, on the bench's W2, P1 and W3: the anchor that shows
how close the JavaScript contenders come to a native runtime on the same machine.

Run by apps/bench/src/native.js when `python3 -c 'import torch'` works (or $PYTHON's):

    python3 native/pytorch.py SETTINGS_JSON DIGITS_FILE

SETTINGS_JSON holds the run's settings (reps, w2, p1, w3) and the threads to run each
workload on (threads: {W2, P1, W3}, deltaprop-wasm's); DIGITS_FILE the W2 digits as the
JavaScript side has them: float32 rows of train x, train y, test x, test y, then the test
labels as uint8. Prints one JSON object: every repetition's figures per workload, the
BLAS and the threads torch and the BLAS said they used.
"""
import ctypes
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def classifier(layers):
    """Linear + ReLU … Linear; softmax + cross-entropy are nn.CrossEntropyLoss's."""
    mods = []
    for i in range(len(layers) - 1):
        mods.append(nn.Linear(layers[i], layers[i + 1]))
        if i + 2 < len(layers):
            mods.append(nn.ReLU())
    return nn.Sequential(*mods)


def find_openblas():
    """The OpenBLAS library loaded into this process, or None.

    torch multiplies nn.Linear's matrices in the BLAS. PyTorch's own wheels bring MKL,
    whose threads torch.set_num_threads sets; a torch built over the system BLAS
    (Debian's) may call OpenBLAS, whose pool of threads torch does not set: it is set
    here through OpenBLAS's own functions. The libraries loaded are those that
    /proc/self/maps lists (Linux).
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({f[5] for f in map(str.split, maps) if len(f) == 6 and "blas" in f[5]})
    except OSError:
        return None
    for path in paths:
        lib = ctypes.CDLL(path)
        if hasattr(lib, "openblas_set_num_threads"):
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib
    return None


def describe_blas(openblas):
    """What torch multiplies with: OpenBLAS's own words, MKL, or torch's build setting."""
    if openblas:
        version = " ".join(openblas.openblas_get_config().decode().split()[:2])
        parallel = ["sequential", "pthreads", "OpenMP"][openblas.openblas_get_parallel()]
        return f"{version} ({parallel}, {openblas.openblas_get_corename().decode()} kernels)"
    if torch.backends.mkl.is_available():
        return "MKL"
    info = [part.strip() for part in torch.__config__.show().split(", ") if "BLAS_INFO=" in part]
    return f"a BLAS not named ({info[0]})" if info else "a BLAS not named"


def use_threads(n, openblas):
    """Compute on n threads (torch's, which MKL follows, and OpenBLAS's); what each then reports."""
    torch.set_num_threads(n)
    if openblas:
        openblas.openblas_set_num_threads(n)
    return {"torch": torch.get_num_threads(), "blas": openblas.openblas_get_num_threads() if openblas else None}


def train_epoch(model, x, labels, batch, lr):
    """One unshuffled SGD epoch of the mean cross-entropy, as every contender runs it."""
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    for b in range(0, x.shape[0], batch):
        opt.zero_grad(set_to_none=True)
        loss(model(x[b:b + batch]), labels[b:b + batch]).backward()
        opt.step()


def main():
    settings = json.loads(sys.argv[1])
    w2, p1, w3, reps = settings["w2"], settings["p1"], settings["w3"], settings["reps"]
    n_train, n_test = w2["train"], w2["test"]
    s1, sn = w2["layers"][0], w2["layers"][-1]
    raw = np.fromfile(sys.argv[2], dtype=np.uint8)
    floats = np.frombuffer(raw[: 4 * (n_train + n_test) * (s1 + sn)].tobytes(), dtype=np.float32)
    at = 0

    def take(n):
        nonlocal at
        part = floats[at:at + n]
        at += n
        return torch.from_numpy(part.copy())

    x = take(n_train * s1).reshape(n_train, s1)
    y = take(n_train * sn).reshape(n_train, sn)
    xt = take(n_test * s1).reshape(n_test, s1)
    take(n_test * sn)
    test_labels = torch.from_numpy(raw[4 * (n_train + n_test) * (s1 + sn):].astype(np.int64))
    labels = y.argmax(dim=1)

    openblas = find_openblas()
    threads = settings["threads"]
    result = {"version": torch.__version__, "blas": describe_blas(openblas), "threads": {}, "W2": [], "P1": [], "W3": []}
    for rep in range(reps + 1):  # repetition 0 warms up
        result["threads"]["W2"] = use_threads(threads["W2"], openblas)
        torch.manual_seed(rep)
        model = classifier(w2["layers"])
        t0 = time.perf_counter()
        train_epoch(model, x, labels, w2["batchSize"], w2["learningRate"])
        train_s = time.perf_counter() - t0
        with torch.inference_mode():
            t1 = time.perf_counter()
            scores = model(xt)
            predict_s = time.perf_counter() - t1
        accuracy = (scores.argmax(dim=1) == test_labels).float().mean().item()
        if rep > 0:
            result["W2"].append({"trainSamplesPerSec": n_train / train_s, "predictSamplesPerSec": n_test / predict_s, "accuracy": accuracy})

        result["threads"]["P1"] = use_threads(threads["P1"], openblas)
        with torch.inference_mode():
            rows = [xt[i:i + 1] for i in range(min(p1["rows"], n_test))]
            calls = 0
            t0 = time.perf_counter()
            while True:
                model(rows[calls % len(rows)])
                calls += 1
                if time.perf_counter() - t0 >= p1["minMs"] / 1000:
                    break
            if rep > 0:
                result["P1"].append({"usPerRow": (time.perf_counter() - t0) * 1e6 / calls})

        result["threads"]["W3"] = use_threads(threads["W3"], openblas)
        layers = w3["layers"]
        n = w3["samples"]
        gen = torch.Generator().manual_seed(3)
        xb = torch.rand(n, layers[0], generator=gen)
        yb = torch.randint(0, layers[-1], (n,), generator=gen)
        big = classifier(layers)
        t0 = time.perf_counter()
        train_epoch(big, xb, yb, w3["batchSize"], w3["learningRate"])
        sps = n / (time.perf_counter() - t0)
        weights = sum(layers[i] * layers[i + 1] for i in range(len(layers) - 1))
        if rep > 0:
            result["W3"].append({"trainSamplesPerSec": sps, "gflops": sps * 6 * weights / 1e9})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
