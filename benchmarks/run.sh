#!/usr/bin/env bash
# Reproduces every number of docs/BENCHMARKS.md in one command (about 40 minutes on 2 cores):
#   benchmarks/run.sh
# Installs wrk and gnuplot with apt-get when missing, builds with -Pbenchmarks (reactor build, nothing
# installed into ~/.m2), runs the JMH benchmarks, the allocation probe, the boot and load harnesses
# against an embedded MariaDB on 127.0.0.1, and writes the raw results, summary.md and the plot into
# docs/benchmarks/ (override with RESULTS=dir). Short JMH settings: 1 fork, 3 x 1 s warm-up, 5 x 1 s
# measurement. Load: 6 s per point (BENCH_DURATION), 3 s warm-up per server, every W in 3 interleaved
# rounds (BENCH_ROUNDS) whose medians the report gives.
#
# The quick profile, for iterating on CPU per request (about 10 minutes):
#   benchmarks/run.sh quick
# W = 2 and 8, HTTP at c = 64 and 256, three interleaved rounds, contestants kernel (process mode),
# kernelbase (base mode) and vertx; writes load.csv and cpu.csv (contestant,w,conc,req_per_s,
# server_cpu_us,db_cpu_us,p99_ms: medians of the rounds) into RESULTS (default
# benchmarks/target/quick, so that a quick run never overwrites the committed full run).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
QUICK=false
if [ "${1:-}" = quick ]; then
  QUICK=true
  PARTS=quick
  RESULTS="${RESULTS:-$HERE/target/quick}"
elif [ $# -gt 0 ]; then
  echo "usage: benchmarks/run.sh [quick]" >&2
  exit 2
fi
RESULTS="${RESULTS:-$ROOT/docs/benchmarks}"
DURATION="${BENCH_DURATION:-6}"
ROUNDS="${BENCH_ROUNDS:-3}"
JMH_OPTS=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
# Parts to run (by default: jmh alloc e2e report): jmh alloc e2e ab report. E.g. PARTS="jmh report" benchmarks/run.sh
# ab = the diagnostic A/B of the Database API (process mode, W=8), about 4 more minutes.
PARTS="${PARTS:-jmh alloc e2e report}"
has() { [[ " $PARTS " == *" $1 "* ]]; }

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need gnuplot; then
  echo "== installing wrk and gnuplot (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk gnuplot-nox >/dev/null
fi

echo "== building (mvn -Pbenchmarks -pl benchmarks -am package -DskipTests)"
(cd "$ROOT" && mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests)

mkdir -p "$RESULTS"
CP="$HERE/target/classes:$HERE/target/lib/*"
JMH=(java -cp "$CP" org.openjdk.jmh.Main)

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RESULTS/machine-$(echo $PARTS | tr ' ' '-').txt"
cat "$RESULTS/machine-$(echo $PARTS | tr ' ' '-').txt"

if $QUICK; then
rm -f "$RESULTS/load.csv" "$RESULTS/cpu.csv"
rm -rf "$RESULTS/logs"
echo "== quick: W = 2, 8; HTTP c = 64, 256; $ROUNDS interleaved rounds; kernel, kernelbase, vertx"
java -Dbench.duration="$DURATION" -Dbench.rounds="$ROUNDS" -Dbench.workers=2,8 -Dbench.concurrency=64,256 \
  -Dbench.udp.workers= -Dbench.contestants=kernel,kernelbase,vertx -cp "$CP" \
  io.fastd.bench.e2e.Harness "$RESULTS" "$HERE/target/mariadb" load \
  2> "$RESULTS/harness.err" | grep --line-buffered '^\[harness\]'
java -cp "$CP" io.fastd.bench.e2e.CpuSummary "$RESULTS"
echo "== done: $RESULTS/cpu.csv"
exit 0
fi

if has jmh; then
rm -f "$RESULTS"/jmh-*.json "$RESULTS"/jmh-*.txt
echo "== 1. hot path (JMH, -prof gc)"
for t in 1 2; do
  "${JMH[@]}" HotPathBenchmark "${JMH_OPTS[@]}" -t "$t" -prof gc -rf json -rff "$RESULTS/jmh-hotpath-t$t.json" \
    > "$RESULTS/jmh-hotpath-t$t.txt"
done
"${JMH[@]}" HikariBenchmark "${JMH_OPTS[@]}" -t 1 -p poolSize=1 -prof gc -rf json -rff "$RESULTS/jmh-hikari-t1-p1.json" > "$RESULTS/jmh-hikari-t1-p1.txt"
"${JMH[@]}" HikariBenchmark "${JMH_OPTS[@]}" -t 2 -p poolSize=2 -prof gc -rf json -rff "$RESULTS/jmh-hikari-t2-p2.json" > "$RESULTS/jmh-hikari-t2-p2.txt"
"${JMH[@]}" HikariBenchmark "${JMH_OPTS[@]}" -t 2 -p poolSize=1 -prof gc -rf json -rff "$RESULTS/jmh-hikari-t2-p1.json" > "$RESULTS/jmh-hikari-t2-p1.txt"

echo "== 2. the walk (JMH)"
"${JMH[@]}" WalkBenchmark "${JMH_OPTS[@]}" -t 1 -rf json -rff "$RESULTS/jmh-walk.json" > "$RESULTS/jmh-walk.txt"

fi

if has alloc; then
echo "== 5b. dispatch allocation"
java -cp "$CP" io.fastd.bench.e2e.AllocMain 100000 process | tee "$RESULTS/alloc.txt"
java -cp "$CP" io.fastd.bench.e2e.AllocMain 100000 base | tee -a "$RESULTS/alloc.txt"
fi

if has e2e; then
rm -f "$RESULTS"/*.csv "$RESULTS"/*.dat
rm -rf "$RESULTS/logs"
echo "== 3 + 4. boot to ready, load (embedded MariaDB, wrk, UDP generator)"
java -Dbench.duration="$DURATION" -Dbench.rounds="$ROUNDS" -Dbench.udp.workers=2,8,32 -cp "$CP" io.fastd.bench.e2e.Harness "$RESULTS" "$HERE/target/mariadb" boot load \
  2> "$RESULTS/harness.err" | grep --line-buffered '^\[harness\]'
fi

if has ab; then
echo "== diagnostic A/B at W=8: HikariCP vs the kernel's connection in plain JDBC vs the kernel's Database API"
java -Dbench.duration="$DURATION" -Dbench.workers=8 -Dbench.contestants=hikari,kernelraw,kernel -cp "$CP" \
  io.fastd.bench.e2e.Harness "$RESULTS/ab-api" "$HERE/target/mariadb" load \
  2> "$RESULTS/ab-api.err" | grep --line-buffered '^\[harness\]'
java -cp "$CP" io.fastd.bench.e2e.Report "$RESULTS/ab-api"
fi

if has report; then
echo "== report"
java -cp "$CP" io.fastd.bench.e2e.Report "$RESULTS"
# One plot line per column of the .dat files (Report writes the same columns into each and names
# them in the first line), titled like the summary tables.
title() {
  case "$1" in
    limit) echo "(a) limit: W JDBC loops" ;;
    netty) echo "(b) Netty + HikariCP(W)" ;;
    nettyepoll) echo "(b) Netty on epoll + HikariCP(W)" ;;
    hikari) echo "(b') kernel server + HikariCP(W)" ;;
    vertx) echo "(c) Vert.x + MySQL client" ;;
    kernel) echo "(d) kernel, process mode" ;;
    kernelbase) echo "(d) kernel, base mode" ;;
    kernelbasenio) echo "(d) kernel, base mode on NIO" ;;
    kernelraw) echo "(d-raw) kernel connection, plain JDBC" ;;
    *) echo "$1" ;;
  esac
}
read -r -a DAT_COLUMNS < <(head -1 "$RESULTS/http-w8.dat" | sed 's/^# concurrency //')
PLOT=""
col=2
for name in "${DAT_COLUMNS[@]}"; do
  style="with linespoints lw 2"
  if [ "$name" = limit ]; then style="with lines dt 2 lw 2"; fi
  PLOT+="${PLOT:+, }f using 1:$col $style title \"$(title "$name")\""
  col=$((col + 1))
done
gnuplot <<GP
set terminal png size 1500,560 font ",10"
set output "$RESULTS/throughput.png"
set multiplot layout 1,3 title "Single query over HTTP (wrk, loopback, real MariaDB), $(nproc) cores"
set key outside below horizontal maxcols 2 samplen 2 font ",9"
set logscale x 2
set xlabel "concurrent connections"
set ylabel "requests/s"
set yrange [0:*]
set grid
do for [w in "2 8 32"] {
  set title sprintf("W = %s workers / connections", w)
  f = sprintf("$RESULTS/http-w%s.dat", w)
  plot $PLOT
}
unset multiplot
GP
fi
echo "== done: $RESULTS/summary.md, $RESULTS/throughput.png"
