#!/bin/sh
# Checks the benchmark targets of issue 13 on this machine and says which hold. The engine is judged
# against the JDK's bare AES call measured in the same JMH run (the limit every pure-Java engine
# shares): its ratio to that call, and its time above it in ns per byte (1/engine - 1/AES), which is
# comparable across processors. Plus threads.sh, and openssl speed for context. About 8 minutes.
# Usage: benchmarks/targets.sh [java-binary] ; JMH_RUN as in xts-vs-openssl.sh, PAIRS as in threads.sh.
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -e
JAVA=${1:-java}
DIR=$(dirname "$0")
JAR=$DIR/target/benchmarks.jar
RESULTS=${TMPDIR:-/tmp}/targets-jmh.json
ossl() { openssl speed -elapsed -seconds 3 -evp aes-256-xts -bytes "$1" 2>/dev/null | awk '/^AES-256-XTS/ {printf "%.0f", $2 / 1000}'; }
date -u; grep -m1 'model name' /proc/cpuinfo
echo "AVX-512 and AES flags: $(grep -o -w 'avx512[a-z_0-9]*\|vaes\|vpclmulqdq' /proc/cpuinfo | sort -u | tr '\n' ' ')"
"$JAVA" -version 2>&1 | head -1; echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
openssl512=$(ossl 512); openssl4096=$(ossl 4096)
# Engine and bare AES: the median time of one call (JMH sample mode). On a shared machine a
# throughput run measures how much CPU the others left; the median call is what the code costs, and
# the difference of two medians (the ns per byte above AES) cancels the timer's own cost.
# shellcheck disable=SC2086 # JMH_RUN is a list of options
"$JAVA" -jar "$JAR" '^io.diskcrypt.bench.(XtsEngineBenchmark|JdkAesBenchmark)' -p engine=java -p keyBits=512 \
  -bm sample -tu ns ${JMH_RUN:--f 2 -wi 3 -w 1s -i 5 -r 1s} -prof gc -rf json -rff "$RESULTS" > "$RESULTS.log"
# The whole stack against the raw engine, both in throughput in this one run (ADE against the engine
# over the same 64 KiB calls, XtsGuestIoBenchmark); and the engine's allocation (sample mode
# allocates for its samples, so B/op is taken here).
# shellcheck disable=SC2086
"$JAVA" -jar "$JAR" '^io.diskcrypt.bench.(OptionStackBenchmark.write64k|XtsEngineBenchmark|XtsGuestIoBenchmark.encrypt)' \
  -p engine=java -p keyBits=512 -p option=sse-pmk,ade,host ${JMH_RUN:--f 1 -wi 3 -w 1s -i 5 -r 1s} -prof gc \
  -rf json -rff "$RESULTS.stack" > "$RESULTS.stack.log"
echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)"
threads=$(sh "$DIR/threads.sh" "$JAVA" | awk '/^median ratio/ {print $3}')
python3 - "$RESULTS" "$openssl512" "$openssl4096" "$threads" <<'PY'
import json, sys
results, openssl512, openssl4096, threads = sys.argv[1], *map(float, sys.argv[2:])
engine, aes, option, stack_raw, guest_io = {}, {}, {}, None, {}
for r in json.load(open(results)):
    p, name = r["params"], r["benchmark"].rsplit(".", 2)
    size = int(p["sectorSize"])
    mbps = size / r["primaryMetric"]["scorePercentiles"]["50.0"] * 1000  # bytes per median ns -> MB/s
    if name[-2] == "XtsEngineBenchmark":
        engine[(name[-1], size)] = mbps
    else:
        aes[(name[-1], size)] = mbps
alloc = {}
for r in json.load(open(results + ".stack")):
    p, name = r["params"], r["benchmark"].rsplit(".", 2)
    score = float(r["primaryMetric"]["score"])
    if name[-2] == "XtsGuestIoBenchmark":
        guest_io[int(p["sectorSize"])] = 1e9 / (score * 65536)  # ns per byte over 64 KiB calls
    elif name[-2] == "XtsEngineBenchmark":
        alloc[(name[-1], int(p["sectorSize"]))] = float(r["secondaryMetrics"]["gc.alloc.rate.norm"]["score"])
        if name[-1] == "encrypt" and p["sectorSize"] == "512":
            stack_raw = score * 512 / 1e6
    else:
        m = r["secondaryMetrics"]
        guest = m["guestBytes"]["score"]
        option[p["option"]] = (score * 65536 / 1e6, m["vmCryptoNs"]["score"] / guest)

def check(label, ok, figure):
    print(f"{'PASS' if ok else 'FAIL'}  {label}: {figure}")

print(f"openssl speed -evp aes-256-xts (context, throughput): {openssl512:.0f} MB/s at 512 B, {openssl4096:.0f} at 4 KiB")
print("engine and bare AES: MB/s of the median call (JMH sample mode; the timer adds about 20 ns to each call)")
for size in (512, 4096):
    print(f"bare JDK AES-256 at {size} B: AES/ECB encrypt {aes[('ecbEncrypt', size)]:.0f} MB/s, "
          f"AES/CBC decrypt {aes[('cbcDecrypt', size)]:.0f} MB/s")
reference = {"encrypt": "ecbEncrypt", "decrypt": "cbcDecrypt"}
above = {}
for size, target, aim in ((4096, 0.5, {"encrypt": 0.7, "decrypt": 0.5}), (512, 0.35, None)):
    for op in ("encrypt", "decrypt"):
        mbps, bare = engine[(op, size)], aes[(reference[op], size)]
        above[(op, size)] = 1000 / mbps - 1000 / bare
        goal = f" (aim {aim[op]}x)" if aim else ""
        check(f"default engine {op}s at >= {target}x the bare {reference[op]} call at {size} B{goal}",
              mbps / bare >= target, f"{mbps:.0f} against {bare:.0f} MB/s, {mbps / bare:.2f}x, "
              f"{above[(op, size)]:.3f} ns/B above it")
for op in ("encrypt", "decrypt"):
    ns = above[(op, 4096)]
    check(f"default engine's time above the bare AES call at 4 KiB, {op}, <= 0.1 ns/B (aim 0.05)", ns <= 0.1,
          f"{ns:.3f} ns/B{' (aim met)' if ns <= 0.05 else ''}")
worst = max(alloc.values())
check("default engine allocates 0 B per sector", worst < 1, f"at most {worst:.3f} B/op (throughput run)")
check("two threads on two disks reach >= 1.8x one thread", threads >= 1.8, f"median of pairs {threads:.2f}x")
raw = stack_raw
check("whole-stack SSE+PMK write >= 0.6x the raw engine (512 B sectors, throughput, one run)", option["sse-pmk"][0] / raw >= 0.6,
      f"{option['sse-pmk'][0]:.0f} against {raw:.0f} MB/s, {option['sse-pmk'][0] / raw:.2f}x")
# ADE's dm-crypt calls the engine once per 64 KiB guest write (128 sectors of 512 bytes): the raw
# engine over the same calls is what its charge to the vCPU should match.
ade, raw_ns = option["ade"][1], guest_io[512]
check("ADE's vCPU ns per byte within 20% of the raw engine's over the same 64 KiB calls (512 B sectors)",
      abs(ade - raw_ns) <= 0.2 * raw_ns, f"{ade:.3f} against {raw_ns:.3f} ns/B")
check("SSE and encryption at host put no crypto on the vCPU", option["sse-pmk"][1] == 0 and option["host"][1] == 0,
      f"{option['sse-pmk'][1]:.3f} and {option['host'][1]:.3f} ns/B")
PY
