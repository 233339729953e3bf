#!/usr/bin/env bash
# GC pauses and peak RSS under -Xmx128m alone (issue 17, item 2), on one jar, quicker than the
# side-by-side harness: starts ../shared/bench's backends (nginx) and the packaged jar on the bench's
# kept-alive config, then
#   - WARM seconds of `wrk -t2 -c64` kept-alive load (the warm-up),
#   - resets the peak-RSS mark (VmHWM, as the harness does before each round) and runs LOAD seconds
#     more of the same load, then reads the peak,
# and reports the time to the first proxied response, every GC pause above 20 ms in -Xlog:gc (with
# the second of the process it happened in), the longest pause during the load, the committed heap
# at the end, requests per second and the peak RSS.
#
# Usage: bench/memory.sh [path/to/lbgate.jar]
#   env: RUNS=3  WARM=25  LOAD=15  BASE=27100 (ports BASE, BASE+1, backends BASE+10..)
#        JAVA_OPTS="" (added after -Xmx128m; the issue measures with none)  BENCH=/work/shared/bench
#        KEEP=/tmp/prefix (keep each run's gc log and output as prefix-gc-N.log, prefix-out-N.log)
#   Not a CI test: figures depend on the machine's load; quote medians and say how loaded it was.
set -euo pipefail
JAR=$(realpath "${1:-target/lbgate.jar}")
RUNS=${RUNS:-3}; WARM=${WARM:-25}; LOAD=${LOAD:-15}; BASE=${BASE:-27100}
JAVA_OPTS=${JAVA_OPTS:-}; BENCH=${BENCH:-/work/shared/bench}
work=$(mktemp -d)
backends_pid=""
cleanup() {
  if [ -n "$backends_pid" ]; then kill -- "-$backends_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$BENCH/bench.py" configs --out "$work/cfg" --http-port "$BASE" --tcp-port $((BASE+1)) \
    --stats-port $((BASE+2)) --http-backend-port $((BASE+10)) --tcp-backend-port $((BASE+20)) > /dev/null
setsid python3 "$BENCH/bench.py" backends --cfg-dir "$work/cfg" --dir "$work/backends" \
    --for $(( (WARM + LOAD + 60) * RUNS + 60 )) > "$work/backends.log" 2>&1 < /dev/null &
backends_pid=$!
for _ in $(seq 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$((BASE+10))/" && break
  sleep 0.1
done

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %9s %7s %-34s %10s %10s %9s %9s\n' run first_s pauses "pauses > 20 ms (s into run: ms)" \
    max_load hwm_MiB req_s heap_MiB
for run in $(seq "$RUNS"); do
  gclog="$work/gc-$run.log"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  setsid java -Xmx128m $JAVA_OPTS "-Xlog:gc:file=$gclog:uptime" -jar "$JAR" \
      -f "$work/cfg/haproxy-http-keepalive.cfg" > "$work/lbgate-$run.log" 2>&1 < /dev/null &
  pid=$!
  first=""
  for _ in $(seq 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$BASE/"; then
      first=$(echo "$(date +%s.%N) - $t0" | bc); break
    fi
    sleep 0.01
  done
  wrk -t2 -c64 -d"${WARM}s" "http://127.0.0.1:$BASE/" > /dev/null
  load_from=$(ps -o etimes= -p "$pid" | tr -d ' ')
  echo 5 > "/proc/$pid/clear_refs"
  rps=$(wrk -t2 -c64 -d"${LOAD}s" "http://127.0.0.1:$BASE/" | awk '/Requests\/sec/ {printf "%d", $2}')
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {gsub("K,","",$4); printf "%.0f", $4/1024}')
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  # -Xlog:gc lines: [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 30M->10M(128M) 3.456ms
  read -r count long max_load < <(awk -v from="$load_from" '
    /Pause/ && /ms$/ {
      t = substr($1, 2) + 0; ms = $NF; sub("ms", "", ms); ms += 0; n++
      if (ms > 20) { long = long sprintf("%.1f:%.0f,", t, ms) }
      if (t >= from && ms > max) max = ms
    }
    END { if (long == "") long = "none"; printf "%d %s %.1f\n", n, long, max }' "$gclog")
  printf '%-4s %9s %7s %-34s %10s %10s %9s %9s\n' "$run" "${first:-none}" "$count" "$long" \
      "$max_load" "$hwm" "$rps" "$heap"
  if [ -n "${KEEP:-}" ]; then cp "$gclog" "$KEEP-gc-$run.log"; cp "$work/lbgate-$run.log" "$KEEP-out-$run.log"; fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
