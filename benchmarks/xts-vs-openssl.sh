#!/bin/sh
# AES-256-XTS, one thread: openssl speed, the JDK's bare AES (the ceiling of a pure-Java engine) and
# the JMH engine benchmarks in one run, so that every ratio comes from the same machine state. Each
# engine is also set against the bare AES call of the same run that bounds it (ECB for encryption,
# CBC for decryption): its ratio to it, and its time above it in ns per byte.
# Usage: benchmarks/xts-vs-openssl.sh [java-binary] [extra JMH args]
# JMH_RUN overrides the forks, warm-up and measurement (default below); a quick check of the script
# itself: JMH_RUN='-f 1 -wi 1 -w 200ms -i 1 -r 200ms' benchmarks/xts-vs-openssl.sh
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -e
JAVA=${1:-java}
if [ $# -gt 0 ]; then shift; fi
JAR=$(dirname "$0")/target/benchmarks.jar
RESULTS=${TMPDIR:-/tmp}/xts-jmh.json
# MB/s (10^6 bytes) of openssl speed at one buffer size.
ossl() { openssl speed -elapsed -seconds 5 -evp aes-256-xts -bytes "$1" 2>/dev/null | awk '/^AES-256-XTS/ {printf "%.0f", $2 / 1000}'; }
date -u; uname -m; grep -m1 'model name' /proc/cpuinfo; cat /proc/loadavg; "$JAVA" -version 2>&1 | head -1
before512=$(ossl 512); before4096=$(ossl 4096)
# shellcheck disable=SC2086 # JMH_RUN is a list of options
"$JAVA" -jar "$JAR" 'XtsEngineBenchmark|JdkAesBenchmark' -p keyBits=512 ${JMH_RUN:--f 1 -wi 5 -w 2s -i 5 -r 2s} -prof gc \
  -rf json -rff "$RESULTS" "$@" > "$RESULTS.log"
after512=$(ossl 512); after4096=$(ossl 4096)
cat /proc/loadavg
python3 - "$RESULTS" "$before512" "$after512" "$before4096" "$after4096" <<'PY'
import json, sys
results, b512, a512, b4096, a4096 = sys.argv[1], *map(float, sys.argv[2:])
openssl = {512: (b512 + a512) / 2, 4096: (b4096 + a4096) / 2}
print(f"openssl speed -evp aes-256-xts: 512 B {b512:.0f} then {a512:.0f} MB/s; 4096 B {b4096:.0f} then {a4096:.0f} MB/s")
rows, bare = [], {}
for r in json.load(open(results)):
    p = r.get("params", {})
    size = int(p["sectorSize"])
    score = float(r["primaryMetric"]["score"]) * size / 1e6
    error = float(r["primaryMetric"]["scoreError"]) * size / 1e6  # "NaN" with one iteration
    alloc = float(r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", "nan"))
    name = r["benchmark"].rsplit(".", 2)
    if name[-2] == "JdkAesBenchmark":
        bare[(name[-1], size)] = score
    what = p.get("engine") or ("JDK AES-" + p["aesKeyBits"] if "aesKeyBits" in p else "accp")
    rows.append((name, what, size, score, error, alloc))
# Each engine against the bare AES call that bounds it in this run: ECB for encryption, CBC for decryption.
print(f"{'benchmark':<34} {'engine':<13} {'sector':>6} {'MB/s':>7} {'± MB/s':>7} {'x openssl':>9} {'x AES':>6} "
      f"{'ns/B above AES':>14} {'B/op':>7}")
for name, what, size, score, error, alloc in rows:
    call = {"encrypt": "ecbEncrypt", "decrypt": "cbcDecrypt"}.get(name[-1])
    aes = bare.get((call, size)) if name[-2] != "JdkAesBenchmark" else None
    ratio = f"{score / aes:>6.2f}" if aes else f"{'':>6}"
    above = f"{1000 / score - 1000 / aes:>14.3f}" if aes else f"{'':>14}"
    print(f"{name[-2] + '.' + name[-1]:<34} {what:<13} {size:>6} {score:>7.0f} {error:>7.0f} {score / openssl[size]:>9.2f} "
          f"{ratio} {above} {alloc:>7.3f}")
PY
