#!/usr/bin/env python3
"""Calling `bwcheck eval` from Python through its JSON Lines mode.

The bwcheck process starts once; each request is one line of JSON in, and its
answer one line out (docs/cli-reference.md, "Calling eval from another
language"). Standard library only.

    python3 examples/eval_client.py

runs the demo below. The numbers are float64 results accurate to about 1e-12
relative, not exact values (the demo's first answer shows why). The command that runs bwcheck is taken from the BWCHECK
environment variable when set (e.g. BWCHECK="node dist/src/cli/main.js");
otherwise the checkout's built CLI next to this file when there is one, else
`npx --no-install bwcheck` (an installed package).
"""
import json
import os
import shlex
import subprocess
import sys


def bwcheck_command():
    """The command line that runs bwcheck, as a list."""
    if os.environ.get("BWCHECK"):
        return shlex.split(os.environ["BWCHECK"])
    built = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dist", "src", "cli", "main.js")
    if os.path.exists(built):
        return ["node", os.path.normpath(built)]
    return ["npx", "--no-install", "bwcheck"]


class BwcheckEval:
    """One `bwcheck eval --jsonl` process; call it with a request dict, get the answer dict.

    An answer has "loss" and "grad" (or "layerGrads"), plus "hessian" when asked;
    where the loss is not differentiable, "notDifferentiable" replaces the
    derivatives; a bad request answers {"error", "field", "line"}.
    """

    def __init__(self, command=None):
        self._proc = subprocess.Popen(
            (command or bwcheck_command()) + ["eval", "--jsonl"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def __call__(self, request):
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("bwcheck eval ended (exit code %s)" % self._proc.wait())
        return json.loads(line)

    def close(self):
        """Ends the stream; returns bwcheck's exit code (0 unless a fault of ours)."""
        self._proc.stdin.close()
        code = self._proc.wait()
        self._proc.stdout.close()
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def demo():
    sigma0 = [[4.0, 1.0], [1.0, 2.0]]
    with BwcheckEval() as ev:
        # a smooth point: loss and gradient. Exactly, L = 1 and grad = [[-2, 0], [0, 0]];
        # the answer reads 0.9999999999999991 and -1.9999999999999991: both 8.9e-16 (4 eps,
        # eps = 2^-52) from the exact values, where bwcheck's accuracy target is 1e-12
        # relative (docs/accuracy.md). At a well-conditioned point like this one bwcheck takes its
        # fast path, L = ||(I - T) W||^2 with T = R0 A^(-1/2) R0 formed as Z Z^T,
        # Z = R0 Q diag(mu^(-1/4)) (A = R0 W W^T R0 = Q diag(mu) Q^T; docs/accuracy.md,
        # "How the values are computed"). Here mu_1 = 4, whose 4^(-1/4) = 1/sqrt(2) has no
        # exact float64, so T_11 = 2 - 4.4e-16, and L = (1 - T_11)^2 = 1 - 8.9e-16 (squaring
        # doubles the relative error).
        # Compare the answers with a relative tolerance, never with ==.
        print(json.dumps(ev({"sigma0": [[4, 0], [0, 1]], "W": [[1, 0], [0, 1]]})))
        # tau = 0 and rank(R0 W) < min(n, m): the loss, and why there is no gradient
        print(json.dumps(ev({"sigma0": [[4, 0], [0, 1]], "W": [[1, 0], [0, 0]]})))
        # a bad request is answered with an error, and the stream goes on
        print(json.dumps(ev({"sigma0": [[4, 0], [0, 1]], "W": [[1], [1], [1]]})))
        # gradient descent on L_tau driven from Python: one process for all steps
        W, lr, steps, tau = [[0.5, 0.0], [0.0, 0.5]], 0.1, 25, 0.01
        first = None
        for _ in range(steps):
            a = ev({"sigma0": sigma0, "W": W, "tau": tau})
            first = a["loss"] if first is None else first
            W = [[w - lr * g for w, g in zip(wr, gr)] for wr, gr in zip(W, a["grad"])]
        last = ev({"sigma0": sigma0, "W": W, "tau": tau})["loss"]
        print(json.dumps({"descent": {"steps": steps, "first": first, "last": last, "W": W}}))
    return 0


if __name__ == "__main__":
    sys.exit(demo())
