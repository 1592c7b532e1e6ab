#!/bin/sh
# Where the default engine's time above the JDK's bare AES call goes, stage by stage (issue 13): one
# JMH run of JavaXtsStagesBenchmark and JdkAesBenchmark (AES-256, one sector in place), median call
# of each, less the median of an empty call (the timer's own cost). About 5 minutes.
# Usage: benchmarks/breakdown.sh [java-binary] ; JMH_RUN overrides the run options.
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -e
JAVA=${1:-java}
DIR=$(dirname "$0")
RESULTS=${TMPDIR:-/tmp}/breakdown-jmh.json
date -u; grep -m1 'model name' /proc/cpuinfo; "$JAVA" -version 2>&1 | head -1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # JMH_RUN is a list of options
"$JAVA" -jar "$DIR/target/benchmarks.jar" '^io.diskcrypt.(core.crypto.JavaXtsStagesBenchmark|bench.JdkAesBenchmark)' \
  -p sectorSize=16,512,4096 -p aesKeyBits=256 -bm sample -tu ns ${JMH_RUN:--f 2 -wi 3 -w 1s -i 5 -r 1s} \
  -rf json -rff "$RESULTS" > "$RESULTS.log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" <<'PY'
import json, sys
median = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    median[(name, int(r["params"]["sectorSize"]))] = r["primaryMetric"]["scorePercentiles"]["50.0"]
sizes = (512, 4096)
timer = {s: median[("timer", s)] for s in sizes}
net = lambda name, s: median[(name, s)] - timer[s]
print(f"median call less the empty call's ({timer[512]:.0f} ns at 512 B, {timer[4096]:.0f} at 4 KiB); ns, and ns per byte")
print(f"JCE's fixed cost per call (16 bytes): AES/ECB {median[('ecbEncrypt', 16)] - timer[512]:.0f} ns, "
      f"AES/CBC decrypt {median[('cbcDecrypt', 16)] - timer[512]:.0f} ns")
row = lambda label, values: print(f"{label:44}" + "".join(f"{v:>9.0f} {v / s:6.3f}" for v, s in zip(values, sizes)))
print(f"{'':44}" + "".join(f"{f'{s} B':>16}" for s in sizes))
for op, aes, passes in (("encrypt", "ecbEncrypt", ("whitenIn", "whitenOut")),
                        ("decrypt", "cbcDecrypt", ("whitenIn", "keepPrevious", "whitenOutUnchained"))):
    whole = [net(op, s) for s in sizes]
    bare = [net(aes, s) for s in sizes]
    row(f"{op}: the whole call", whole)
    row(f"  the bare {aes} call over the sector", bare)
    row("  the engine above it", [w - b for w, b in zip(whole, bare)])
    stages = ("checks", "tweakSeed", "expand") + passes
    for stage in stages:
        row(f"    {stage}", [net(stage, s) for s in sizes])
    rest = [w - b - sum(net(stage, s) for stage in stages) for w, b, s in zip(whole, bare, sizes)]
    row("    rest (calls, caches: the stages together)", rest)
PY
