/**
 * `npm run bench`: the side-by-side benchmarks. Each prints medians and
 * ratios against a peer measured in the same run (never an absolute time
 * alone: the machines are small and noisy).
 */
import { benchDerivcheck, printDerivcheck } from "./derivcheck.js";
import { benchLossGrad, printLossGrad } from "./loss-grad.js";
import { benchSymbolic, printSymbolic } from "./symbolic.js";
import { benchTrain, printTrain } from "./train.js";

const which = process.argv[2] ?? "all";
if (which === "all" || which === "loss-grad") printLossGrad(benchLossGrad());
if (which === "all" || which === "derivcheck") printDerivcheck(benchDerivcheck());
if (which === "all" || which === "train") printTrain(benchTrain());
if (which === "all" || which === "symbolic") printSymbolic(benchSymbolic());
