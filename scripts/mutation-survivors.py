"""Writes stryker.survivors.json: the Stryker config of `npm run mutate`
restricted to the locations of the mutants that survived the last full run
(reports/mutation/mutation.json) and to the fast suites of
vitest.mutate-survivors.config.ts. Run `npx stryker run stryker.survivors.json`
after adding tests, then `python3 scripts/mutation-survivors.py --score` to
combine both runs into one score."""
import json
import sys

full = json.load(open("reports/mutation/mutation.json"))
DETECTED = {"Killed", "Timeout"}


def key(f, m):
    s, e = m["location"]["start"], m["location"]["end"]
    return (f, s["line"], s["column"], e["line"], e["column"], m["mutatorName"], m.get("replacement"))


if "--score" in sys.argv:
    rerun = json.load(open("reports/mutation-survivors/mutation.json"))
    killed_now = {key(f, m) for f, v in rerun["files"].items() for m in v["mutants"] if m["status"] in DETECTED}
    total = detected = 0
    still = []
    for f, v in full["files"].items():
        for m in v["mutants"]:
            if m["status"] in ("CompileError", "RuntimeError", "Ignored"):
                continue
            total += 1
            if m["status"] in DETECTED or key(f, m) in killed_now:
                detected += 1
            else:
                still.append(m | {"file": f})
    print(f"mutants {total}, detected {detected}, score {100 * detected / total:.2f} %, surviving {len(still)}")
    json.dump(still, open("reports/mutation-survivors/still-surviving.json", "w"), indent=1)
    sys.exit(0)

locs = sorted({
    f"{f}:{m['location']['start']['line']}:{max(m['location']['start']['column'] - 1, 0)}-{m['location']['end']['line']}:{m['location']['end']['column'] + 1}"
    for f, v in full["files"].items() for m in v["mutants"] if m["status"] == "Survived"
})
cfg = json.load(open("stryker.config.json"))
cfg.update({
    "mutate": locs,
    "vitest": {"configFile": "vitest.mutate-survivors.config.ts"},
    "htmlReporter": {"fileName": "reports/mutation-survivors/mutation.html"},
    "jsonReporter": {"fileName": "reports/mutation-survivors/mutation.json"},
    "tempDirName": ".stryker-tmp-survivors",
})
json.dump(cfg, open("stryker.survivors.json", "w"), indent=2)
print(f"{len(locs)} locations")
