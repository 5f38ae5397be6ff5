#!/usr/bin/python3
"""Reference values for `losslab calibrate` and the core's classifier_metrics.

Writes tests/reference/calibration_metrics/:
  <set>.csv            label,v_0,...,v_{K-1} (exact decimal text of the stored values)
  <set>.scores.npy     the scores (float32 or float64), <set>.labels.npy (int64/int32/uint8)
  expected.json        per set: kind, dtype, the metrics for several binnings at T = 1, the
                       NLL-minimising temperature, and the metrics after scaling.
and tests/reference/model_outputs/{logits.npy,labels.npy}: validation logits of a small MLP
trained with PyTorch on a 10-class Gaussian mixture until it is over-confident.

Definitions (torchmetrics' multiclass CalibrationError, written out in numpy):
  confidence = max_k p_k, correct = [argmax_k p_k == y] (first index on ties)
  ECE  = sum_b n_b/N |acc_b - conf_b|         (norm="l1")
  MCE  = max_b |acc_b - conf_b|               (norm="max")
  RMSCE = sqrt(sum_b n_b/N (acc_b - conf_b)^2) (norm="l2")
  equal-width bins (b/M, (b+1)/M] with edges exactly b/M, 0 in bin 0 (sklearn's
  calibration_curve, checked below); equal-mass bins as calibration_curve(strategy="quantile").
  class-wise ECE = mean over k of the ECE of (p_k, y == k) with equal-width bins.
  Brier = mean_i sum_k (p_ik - [k == y_i])^2, NLL = mean_i -log softmax(z_i / T)_{y_i}.
Temperature: scipy.optimize.minimize_scalar (Brent) on log T, polished by brentq on the
analytic derivative of the NLL in 1/T (Brent on function values alone stops near sqrt(eps)).

Run: /usr/bin/python3 tests/reference/gen_calibration_metrics.py  (numpy, scipy, sklearn, torch)
"""
import json
import os

import numpy as np
import scipy.optimize
import sklearn
from sklearn.calibration import calibration_curve

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "calibration_metrics")
MODEL_OUT = os.path.join(HERE, "model_outputs")


def probabilities(values, kind, temperature=1.0):
    """N x K float64 probabilities; one column means binary (rows (0, z) / (1-q, q))."""
    v = values.astype(np.float64)
    if v.ndim == 1:
        v = np.stack([np.zeros_like(v), v], 1) if kind == "logits" else np.stack([1.0 - v, v], 1)
    if kind == "probs":
        return v
    z = v / temperature
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def nll(values, labels, kind, temperature=1.0):
    v = values.astype(np.float64)
    if v.ndim == 1:
        v = np.stack([np.zeros_like(v), v], 1) if kind == "logits" else np.stack([1.0 - v, v], 1)
    if kind == "probs":
        return float(np.mean(-np.log(v[np.arange(len(labels)), labels])))
    z = v / temperature
    m = z.max(1)
    lse = m + np.log(np.exp(z - m[:, None]).sum(1))
    return float(np.mean(lse - z[np.arange(len(labels)), labels]))


def width_bins(conf, m):
    edges = np.arange(m + 1) / m  # exactly b/M (np.linspace computes b * (1/M))
    return np.searchsorted(edges[1:-1], conf, side="left")  # (b/M, (b+1)/M], 0 -> bin 0


def mass_bins(conf, m):
    edges = np.percentile(conf, np.linspace(0.0, 1.0, m + 1) * 100)
    return np.searchsorted(edges[1:-1], conf, side="left")


def bin_errors(conf, hit, ids, m):
    n = len(conf)
    ece = mce = ms = 0.0
    rows = []
    for b in range(m):
        sel = ids == b
        c = int(sel.sum())
        if c == 0:
            rows.append({"count": 0, "accuracy": 0.0, "mean_confidence": 0.0})
            continue
        acc = float(hit[sel].mean())
        mc = float(conf[sel].mean())
        gap = abs(acc - mc)
        ece += c / n * gap
        mce = max(mce, gap)
        ms += c / n * gap * gap
        rows.append({"count": c, "accuracy": acc, "mean_confidence": mc})
    return ece, mce, float(np.sqrt(ms)), rows


def torchmetrics_bucketize_ece(conf, hit, m):
    """torchmetrics >= 0.6: torch.bucketize(conf, linspace(0, 1, M + 1), right=True) - 1,
    i.e. [b/M, (b+1)/M) and an extra bin for conf == 1 (for the README's note on edges)."""
    edges = np.linspace(0, 1, m + 1, dtype=np.float32).astype(np.float64)
    ids = np.searchsorted(edges, conf, side="right") - 1
    return bin_errors(conf, hit, ids, m + 1)[0]


def metrics(values, labels, kind, m, binning, temperature=1.0):
    p = probabilities(values, kind, temperature)
    n, k = p.shape
    pred = p.argmax(1)
    hit = (pred == labels).astype(np.float64)
    if kind == "logits":
        # The core forms the top probability as 1 / sum_k e^{(z_k - max) / T}.
        v = values.astype(np.float64)
        if v.ndim == 1:
            v = np.stack([np.zeros_like(v), v], 1)
        e = np.exp((v - v.max(1, keepdims=True)) / temperature)
        conf = 1.0 / e.sum(1)
    else:
        conf = p.max(1)
    ids = width_bins(conf, m) if binning == "width" else mass_bins(conf, m)
    ece, mce, rms, rows = bin_errors(conf, hit, ids, m)
    # sklearn's calibration_curve must give the same non-empty bins.
    strategy = "uniform" if binning == "width" else "quantile"
    prob_true, prob_pred = calibration_curve(hit, conf, n_bins=m, strategy=strategy)
    nonempty = [r for r in rows if r["count"] > 0]
    assert len(nonempty) == len(prob_true), (len(nonempty), len(prob_true))
    for r, t, q in zip(nonempty, prob_true, prob_pred):
        assert abs(r["accuracy"] - t) < 1e-12 and abs(r["mean_confidence"] - q) < 1e-12
    onehot = np.eye(k)[labels]
    cw = 0.0
    for c in range(k):
        e_c = bin_errors(p[:, c], (labels == c).astype(np.float64), width_bins(p[:, c], m), m)
        cw += e_c[0]
    return {
        "n": n, "k": k,
        "accuracy": float(hit.mean()),
        "mean_confidence": float(conf.mean()),
        "nll": nll(values, labels, kind, temperature),
        "brier": float(((p - onehot) ** 2).sum(1).mean()),
        "ece": ece, "mce": mce, "rmsce": rms,
        "classwise_ece": cw / k,
        "bins": rows,
        "ece_torchmetrics_bucketize": torchmetrics_bucketize_ece(conf, hit, m),
    }


def fit_temperature(values, labels):
    v = values.astype(np.float64)
    if v.ndim == 1:
        v = np.stack([np.zeros_like(v), v], 1)
    zy = v[np.arange(len(labels)), labels]
    vl = v.astype(np.longdouble)
    zyl = zy.astype(np.longdouble)

    def nll_ld(log_t):  # in 80-bit long double, so that Brent resolves T beyond sqrt(eps)
        z = vl / np.exp(np.longdouble(log_t))
        m = z.max(1)
        return np.mean(m + np.log(np.exp(z - m[:, None]).sum(1)) - zyl / np.exp(
            np.longdouble(log_t)))

    f0 = nll_ld(0.0)
    res = scipy.optimize.minimize_scalar(lambda lt: float(nll_ld(lt) - f0),
                                         bracket=(-1.0, 1.0), method="brent",
                                         options={"xtol": 1e-14, "maxiter": 500})
    t_brent = float(np.exp(res.x))

    def dnll_db(b):  # mean(E_p[z] - z_y) at b = 1/T
        z = v * b
        e = np.exp(z - z.max(1, keepdims=True))
        p = e / e.sum(1, keepdims=True)
        return float(np.mean((p * v).sum(1) - zy))

    b0 = 1.0 / t_brent
    lo, hi = b0 * 0.9, b0 * 1.1
    while dnll_db(lo) > 0:
        lo *= 0.5
    while dnll_db(hi) < 0:
        hi *= 2.0
    b = scipy.optimize.brentq(dnll_db, lo, hi, xtol=1e-300, rtol=1e-15, maxiter=500)
    t = 1.0 / b
    assert abs(t - t_brent) / t < 1e-6, (t, t_brent)
    return t, t_brent


def write_set(name, values, labels, kind, label_dtype=np.int64, fit=True, bins=((15, "width"),),
              npz=False):
    if npz:  # a stored and a deflated archive
        np.savez(os.path.join(OUT, name + ".npz"), logits=values, labels=labels.astype(label_dtype))
        np.savez_compressed(os.path.join(OUT, name + ".deflated.npz"), logits=values,
                            labels=labels.astype(label_dtype))
    np.save(os.path.join(OUT, name + ".scores.npy"), values)
    np.save(os.path.join(OUT, name + ".labels.npy"), labels.astype(label_dtype))
    with open(os.path.join(OUT, name + ".csv"), "w") as f:
        cols = 1 if values.ndim == 1 else values.shape[1]
        f.write("label," + ",".join(f"v_{j}" for j in range(cols)) + "\n")
        for i in range(len(labels)):
            row = [values[i]] if values.ndim == 1 else list(values[i])
            f.write(str(int(labels[i])) + "," + ",".join(repr(float(x)) for x in row) + "\n")
    entry = {"kind": kind, "dtype": str(values.dtype), "label_dtype": np.dtype(label_dtype).name,
             "columns": 1 if values.ndim == 1 else int(values.shape[1]), "runs": []}
    for m, binning in bins:
        entry["runs"].append({"num_bins": m, "binning": binning,
                              "metrics": metrics(values, labels, kind, m, binning)})
    if fit:
        t, t_brent = fit_temperature(values, labels)
        entry["temperature"] = t
        entry["temperature_minimize_scalar"] = t_brent
        entry["after"] = metrics(values, labels, kind, 15, "width", t)
        assert entry["after"]["nll"] <= entry["runs"][0]["metrics"]["nll"]
    return entry


def sample_labels(rng, logits, temperature):
    p = probabilities(logits, "logits", temperature)
    u = rng.random(len(p))
    return np.minimum((p.cumsum(1) < u[:, None]).sum(1), p.shape[1] - 1)


def train_model_outputs():
    """A 2-layer MLP on a 10-class Gaussian mixture in 2-D trained far past the point of
    calibration (overlapping classes, no regularisation): over-confident validation logits."""
    import torch
    torch.manual_seed(0)
    g = np.random.default_rng(17)
    k, dim = 10, 8
    centres = g.normal(size=(k, dim)) * 1.6

    def draw(n):
        y = g.integers(0, k, n)
        return (centres[y] + g.normal(size=(n, dim))).astype(np.float32), y.astype(np.int64)

    xt, yt = draw(2000)
    xv, yv = draw(3000)
    net = torch.nn.Sequential(torch.nn.Linear(dim, 128), torch.nn.ReLU(),
                              torch.nn.Linear(128, k))
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    x, y = torch.from_numpy(xt), torch.from_numpy(yt)
    for _ in range(1500):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    with torch.no_grad():
        logits = net(torch.from_numpy(xv)).numpy().astype(np.float32)
    os.makedirs(MODEL_OUT, exist_ok=True)
    np.save(os.path.join(MODEL_OUT, "logits.npy"), logits)
    np.save(os.path.join(MODEL_OUT, "labels.npy"), yv)
    m = metrics(logits, yv, "logits", 15, "width")
    t, t_brent = fit_temperature(logits, yv)
    print(f"model_outputs: train loss {loss.item():.4f}, val accuracy {m['accuracy']:.4f}, "
          f"mean confidence {m['mean_confidence']:.4f}, ECE {m['ece']:.4f}, T {t:.4f}")
    return {"temperature": t, "temperature_minimize_scalar": t_brent, "metrics": m,
            "after": metrics(logits, yv, "logits", 15, "width", t)}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2024)
    sets = {}

    # Over-confident float32 logits, K = 7: labels drawn at T = 1.7, logits used at T = 1.
    z = (rng.normal(size=(600, 7)) * 2.5).astype(np.float32)
    sets["overconfident_f32"] = write_set(
        "overconfident_f32", z, sample_labels(rng, z, 1.7), "logits", np.int64,
        bins=((15, "width"), (10, "width"), (8, "mass")), npz=True)

    # Under-confident float64 logits with uint8 labels.
    z = rng.normal(size=(400, 4)) * 1.2
    sets["underconfident_f64"] = write_set(
        "underconfident_f64", z, sample_labels(rng, z, 0.6), "logits", np.uint8,
        bins=((15, "width"), (5, "mass")))

    # K = 2 as two columns (int32 labels), and binary as one logit per example.
    z = rng.normal(size=(300, 2)) * 2.0
    sets["two_columns"] = write_set("two_columns", z, sample_labels(rng, z, 1.4), "logits",
                                    np.int32)
    z1 = rng.normal(size=300) * 3.0
    p1 = 1.0 / (1.0 + np.exp(-z1 / 1.5))
    sets["binary_logits"] = write_set("binary_logits", z1,
                                      (rng.random(300) < p1).astype(np.int64), "logits")

    # N = 1 (wrong, but its label's logit is above the mean: a finite optimal T exists).
    sets["single"] = write_set("single", np.array([[2.0, 1.0, -1.0]]), np.array([1]), "logits",
                               bins=((15, "width"), (1, "width")))

    # Confidence exactly 1 (margins over 40 in float64) and exactly 1/5 (equal logits, an edge
    # of 5 and 15 bins) among ordinary rows.
    z = rng.normal(size=(60, 5))
    z[:10] = 0.0
    z[10:25, 0] = 60.0
    y = sample_labels(rng, z, 1.0)
    y[10:20] = 0
    sets["confidence_one"] = write_set("confidence_one", z, y, "logits",
                                       bins=((15, "width"), (5, "width"), (4, "mass")))

    # Probabilities whose confidences lie exactly on bin edges (0.2, 0.4, 0.6, 0.8, 1).
    rows = []
    for c in (0.2, 0.4, 0.6, 0.8, 1.0):
        rest = (1.0 - c) / 4.0 if c < 1.0 else 0.0
        if c == 0.2:
            rows += [[0.2] * 5] * 6
        else:
            rows += [[c] + [rest] * 4] * 6
    p = np.array(rows)
    y = np.array([(i % 3 == 0) * 1 for i in range(len(p))], dtype=np.int64)  # 0 or 1
    y[p[:, 0] == 1.0] = 0  # p_y = 0 would make the NLL infinite
    sets["ties_probs"] = write_set("ties_probs", p, y, "probs", fit=False,
                                   bins=((5, "width"), (10, "width"), (15, "width")))

    # A true_label,pred_label,confidence table (top-label metrics only).
    n = 200
    conf = np.round(rng.uniform(0.3, 1.0, n), 3)
    conf[:10] = [0.4, 0.6, 0.8, 1.0, 1.0, 0.4, 0.2 + 0.1, 0.5, 0.7, 0.9]
    truth = rng.integers(0, 6, n)
    pred = np.where(rng.random(n) < conf * 0.9, truth, (truth + 1) % 6)
    with open(os.path.join(OUT, "top_label.csv"), "w") as f:
        f.write("true_label,pred_label,confidence\n")
        for a, b, c in zip(truth, pred, conf):
            f.write(f"{a},{b},{c!r}\n")
    hit = (pred == truth).astype(np.float64)
    top = {"runs": []}
    for m, binning in ((15, "width"), (5, "width"), (6, "mass")):
        ids = width_bins(conf, m) if binning == "width" else mass_bins(conf, m)
        ece, mce, rms, rows_ = bin_errors(conf, hit, ids, m)
        top["runs"].append({"num_bins": m, "binning": binning, "metrics": {
            "n": n, "accuracy": float(hit.mean()), "mean_confidence": float(conf.mean()),
            "ece": ece, "mce": mce, "rmsce": rms, "bins": rows_}})
    sets["top_label"] = top

    sets["model_outputs"] = train_model_outputs()
    meta = {"generator": "tests/reference/gen_calibration_metrics.py",
            "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"meta": meta, "sets": sets}, f, indent=1)
    for name, s in sets.items():
        if "temperature" in s:
            print(f"{name}: T = {s['temperature']!r} (minimize_scalar {s['temperature_minimize_scalar'] if 'temperature_minimize_scalar' in s else '-'})")


if __name__ == "__main__":
    main()
