#!/bin/sh
# AES-256-XTS, one thread: openssl speed and the JMH engine benchmarks in one run, so that ratios
# come from the same machine state. Usage: benchmarks/xts-vs-openssl.sh [java-binary] [extra JMH args]
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -e
JAVA=${1:-java}
shift 2>/dev/null || true
JAR=$(dirname "$0")/target/benchmarks.jar
ossl() { openssl speed -elapsed -seconds 5 -evp aes-256-xts -bytes "$1" 2>/dev/null | awk -v b="$1" '/^AES-256-XTS/ {printf "openssl %s B: %.0f MB/s\n", b, $2 / 1000}'; }
date -u; uname -m; grep -m1 'model name' /proc/cpuinfo; cat /proc/loadavg; "$JAVA" -version 2>&1 | head -1
ossl 512; ossl 4096
"$JAVA" -jar "$JAR" 'XtsEngineBenchmark' -p keyBits=512 -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -rf json -rff "${TMPDIR:-/tmp}/xts-jmh.json" "$@" \
  | grep -E '^(Benchmark|XtsEngine|AccpXts)' | grep -v -E 'gc\.(count|time|alloc\.rate )' \
  | awk '$NF == "ops/s" {printf "%s   = %.0f MB/s\n", $0, $7 * $4 / 1e6; next} {print}'
ossl 512; ossl 4096
cat /proc/loadavg
