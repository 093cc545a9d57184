"""Peer for bench/symbolic.ts: SymPy deriving the gradient and the full
Hessian of the same closed form (the same text, '^' read as '**'), without
simplification, like ours. Reads {"loss", "variables", "rounds"}; prints
{"seconds": [per round], "version"}. SymPy's cache is cleared before each
round so that no round reuses the previous one's work.
"""
import json
import sys
import time

import sympy
from sympy.core.cache import clear_cache


def main():
    req = json.load(sys.stdin)
    names = req["variables"]
    seconds = []
    for _ in range(int(req["rounds"])):
        clear_cache()
        t0 = time.perf_counter()
        loss = sympy.sympify(req["loss"].replace("^", "**"))
        xs = [sympy.Symbol(v) for v in names]
        grad = [sympy.diff(loss, x) for x in xs]
        hess = [[sympy.diff(grad[i], xs[j]) for j in range(len(xs))] for i in range(len(xs))]
        seconds.append(time.perf_counter() - t0)
        assert len(hess) == len(xs)
    json.dump({"seconds": seconds, "version": sympy.__version__}, sys.stdout)


main()
