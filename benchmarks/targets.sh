#!/bin/sh
# Checks the benchmark targets of issue 9 on this machine, each figure from one run, and says which
# hold. For a machine of another kind (an AVX-512 one, say): one command, about 8 minutes.
# Usage: benchmarks/targets.sh [java-binary] ; JMH_RUN as in xts-vs-openssl.sh, PAIRS as in threads.sh.
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -e
JAVA=${1:-java}
DIR=$(dirname "$0")
JAR=$DIR/target/benchmarks.jar
RESULTS=${TMPDIR:-/tmp}/targets-jmh.json
ossl() { openssl speed -elapsed -seconds 5 -evp aes-256-xts -bytes "$1" 2>/dev/null | awk '/^AES-256-XTS/ {printf "%.0f", $2 / 1000}'; }
date -u; grep -m1 'model name' /proc/cpuinfo; grep -o -w -m1 'avx512f' /proc/cpuinfo || echo "no avx512f"
"$JAVA" -version 2>&1 | head -1
before512=$(ossl 512); before4096=$(ossl 4096)
# shellcheck disable=SC2086 # JMH_RUN is a list of options
"$JAVA" -jar "$JAR" '^io.diskcrypt.bench.(XtsEngineBenchmark|JdkAesBenchmark|OptionStackBenchmark.write64k)' \
  -p engine=java -p keyBits=512 -p option=sse-pmk,ade,host ${JMH_RUN:--f 1 -wi 5 -w 2s -i 5 -r 2s} -prof gc \
  -rf json -rff "$RESULTS" > "$RESULTS.log"
after512=$(ossl 512); after4096=$(ossl 4096)
threads=$(sh "$DIR/threads.sh" "$JAVA" | awk '/^median ratio/ {print $3}')
python3 - "$RESULTS" "$before512" "$after512" "$before4096" "$after4096" "$threads" <<'PY'
import json, sys
results, b512, a512, b4096, a4096, threads = sys.argv[1], *map(float, sys.argv[2:])
openssl = {512: (b512 + a512) / 2, 4096: (b4096 + a4096) / 2}
engine, aes, option = {}, {}, {}
for r in json.load(open(results)):
    p, name = r["params"], r["benchmark"].rsplit(".", 2)
    score = float(r["primaryMetric"]["score"])
    if name[-2] == "XtsEngineBenchmark":
        size = int(p["sectorSize"])
        alloc = float(r["secondaryMetrics"]["gc.alloc.rate.norm"]["score"])
        engine[(name[-1], size)] = (score * size / 1e6, alloc)
    elif name[-2] == "JdkAesBenchmark":
        size = int(p["sectorSize"])
        aes[(name[-1], size)] = score * size / 1e6
    else:
        m = r["secondaryMetrics"]
        guest = m["guestBytes"]["score"]
        option[p["option"]] = (score * 65536 / 1e6, m["vmCryptoNs"]["score"] / guest)

def check(label, ok, figure):
    print(f"{'PASS' if ok else 'FAIL'}  {label}: {figure}")

print(f"openssl speed -evp aes-256-xts: {openssl[512]:.0f} MB/s at 512 B, {openssl[4096]:.0f} at 4 KiB (mean of before and after)")
for size, target in ((4096, 1.2), (512, 0.9)):
    mbps = engine[("encrypt", size)][0]
    check(f"default engine encrypts at >= {target}x OpenSSL at {size} B", mbps / openssl[size] >= target,
          f"{mbps:.0f} MB/s, {mbps / openssl[size]:.2f}x (decrypt {engine[('decrypt', size)][0] / openssl[size]:.2f}x)")
    ceiling = aes[("ecbEncrypt", size)] / openssl[size]
    if ceiling < target:
        print(f"      unreachable here for any pure-Java engine: the JDK's bare AES/ECB call is {ceiling:.2f}x OpenSSL")
worst = max(alloc for _, alloc in engine.values())
check("default engine allocates 0 B per sector", worst < 1, f"at most {worst:.3f} B/op")
check("two threads on two disks reach >= 1.8x one thread", threads >= 1.8, f"median of pairs {threads:.2f}x")
raw = engine[("encrypt", 512)][0]
check("whole-stack SSE+PMK write >= 0.6x the raw engine (512 B sectors)", option["sse-pmk"][0] / raw >= 0.6,
      f"{option['sse-pmk'][0]:.0f} against {raw:.0f} MB/s, {option['sse-pmk'][0] / raw:.2f}x")
ade, raw_ns = option["ade"][1], 1000 / raw
check("ADE's vCPU ns per byte within 20% of the raw engine's", abs(ade - raw_ns) <= 0.2 * raw_ns,
      f"{ade:.3f} against {raw_ns:.3f} ns/B")
check("SSE and encryption at host put no crypto on the vCPU", option["sse-pmk"][1] == 0 and option["host"][1] == 0,
      f"{option['sse-pmk'][1]:.3f} and {option['host'][1]:.3f} ns/B")
PY
