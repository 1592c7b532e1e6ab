#!/bin/sh
# Two threads against one: the default engine encrypting 4 KiB sectors, AES-256-XTS, each JMH thread
# with its own cipher and sector (two disks, two threads). One- and two-thread runs alternate, PAIRS
# times, so that each ratio compares runs taken next to each other on a shared machine.
# Usage: benchmarks/threads.sh [java-binary] ; PAIRS (default 3), JMH_RUN as in xts-vs-openssl.sh.
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -e
JAVA=${1:-java}
JAR=$(dirname "$0")/target/benchmarks.jar
PAIRS=${PAIRS:-3}
RESULTS=${TMPDIR:-/tmp}/threads-jmh.json
# MB/s of one JMH run with $1 threads (the total over all threads): $1 x 4096 bytes per median call.
# The median call (JMH sample mode), not throughput: on a machine shared with other work, throughput
# measures how much CPU the others left, while the median call time with two threads against one
# shows what the two threads cost each other (shared state, locks, memory), which is the question.
run() {
  # shellcheck disable=SC2086 # JMH_RUN is a list of options
  "$JAVA" -jar "$JAR" '^io.diskcrypt.bench.XtsEngineBenchmark.encrypt$' -p engine=java -p keyBits=512 \
    -p sectorSize=4096 -bm sample -tu ns ${JMH_RUN:--f 1 -wi 3 -w 1s -i 5 -r 1s} -t "$1" -rf json -rff "$RESULTS" \
    > "$RESULTS.log"
  python3 -c 'import json, sys; print(round(int(sys.argv[2]) * 4096 / json.load(open(sys.argv[1]))[0]["primaryMetric"]["scorePercentiles"]["50.0"] * 1000))' "$RESULTS" "$1"
}
date -u; grep -m1 'model name' /proc/cpuinfo; nproc; "$JAVA" -version 2>&1 | head -1
ratios=""
i=1
while [ "$i" -le "$PAIRS" ]; do
  one=$(run 1); two=$(run 2)
  ratio=$(awk -v a="$one" -v b="$two" 'BEGIN {printf "%.2f", b / a}')
  echo "pair $i: one thread $one MB/s, two threads $two MB/s, ratio $ratio"
  ratios="$ratios $ratio"
  i=$((i + 1))
done
echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{r[NR] = $1} END {print "median ratio: " r[int((NR + 1) / 2)]}'
