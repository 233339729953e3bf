#!/usr/bin/env bash
# Reload under load (issue 12.4): wrk -c64 through an HTTP frontend and long TCP sessions through a
# TCP frontend for DUR seconds while SIGHUP reloads every 2 s, alternating two valid files and a
# broken one; then RELOADS more reloads back to back, and the process's threads, file descriptors
# and heap (after a full GC) after the first reload and after the last.
# Usage: bench/reload/run.sh [path/to/lbgate.jar]   env: DUR=30 RELOADS=200 BASE=22000
set -euo pipefail
JAR=${1:-target/lbgate.jar}
DUR=${DUR:-30}; RELOADS=${RELOADS:-200}; BASE=${BASE:-22000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

HTTP=$BASE; TCP=$((BASE+1)); N1=$((BASE+11)); N2=$((BASE+12)); ECHO=$((BASE+13))
cfg() { # $1 = a|b|broken
  cat <<CONF
global
    maxconn 4000
    hard-stop-after 120s
defaults
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend web
    mode http
    bind 127.0.0.1:$HTTP
    default_backend app
frontend raw
    mode tcp
    bind 127.0.0.1:$TCP
    default_backend echo
backend app
    mode http
    balance roundrobin
    server n1 127.0.0.1:$N1 check inter 1s weight $([ "$1" = b ] && echo 50 || echo 100)
CONF
  [ "$1" != a ] && echo "    server n2 127.0.0.1:$N2 check inter 1s"
  cat <<CONF
backend echo
    mode tcp
    server e1 127.0.0.1:$ECHO
CONF
  [ "$1" = broken ] && echo "    bogus_keyword here"
  return 0
}
cfg a > "$work/a.cfg"; cfg b > "$work/b.cfg"; cfg broken > "$work/broken.cfg"
cp "$work/a.cfg" "$work/haproxy.cfg"

java "$here/ReloadBench.java" backends "$N1" "$N2" "$ECHO" > "$work/backends.log" 2>&1 & pids+=($!)
java -Xms256m -Xmx256m -jar "$JAR" -f "$work/haproxy.cfg" > "$work/lbgate.log" 2>&1 & LB=$!; pids+=($LB)
for i in $(seq 1 120); do grep -q "Started LbgateApplication" "$work/lbgate.log" && break; sleep 1; done
curl -sf "http://127.0.0.1:$HTTP/" > /dev/null

done_reloads() { grep -c -E "Configuration reloaded|Reload refused" "$work/lbgate.log" || true; }
reload() { # $1 = file; waits until lbgate has finished this reload
  local before; before=$(done_reloads)
  cp "$work/$1.cfg" "$work/haproxy.cfg"; kill -HUP "$LB"
  for i in $(seq 1 200); do [ "$(done_reloads)" -gt "$before" ] && return 0; sleep 0.05; done
  echo "reload of $1 did not finish" >&2; return 1
}
figures() { # threads fds heap-after-GC(KiB)
  jcmd "$LB" GC.run > /dev/null
  local heap; heap=$(jcmd "$LB" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") print $(i+1)}' | tr -d K)
  echo "$(awk '/^Threads/ {print $2}' /proc/$LB/status) $(ls /proc/$LB/fd | wc -l) $heap"
}

echo "== ${DUR}s of wrk -c64 and 8 TCP sessions, a reload every 2 s (a, b, broken, ...)"
wrk -t2 -c64 -d"${DUR}s" "http://127.0.0.1:$HTTP/" > "$work/wrk.txt" 2>&1 & WRK=$!
java "$here/ReloadBench.java" tcp "$TCP" "$DUR" 8 > "$work/tcp.txt" 2>&1 & TCPCHECK=$!
files=(b broken a); n=0
end=$((SECONDS + DUR - 2))
while [ $SECONDS -lt $end ]; do sleep 2; reload "${files[$((n % 3))]}"; n=$((n+1)); done
wait $WRK; tcp_status=0; wait $TCPCHECK || tcp_status=$?
cat "$work/wrk.txt"; cat "$work/tcp.txt"
echo "reloads during the run: $n ($(grep -c 'Configuration reloaded' "$work/lbgate.log") applied, $(grep -c 'Reload refused' "$work/lbgate.log") refused)"
if grep -q -E "Socket errors|Non-2xx" "$work/wrk.txt" || [ $tcp_status -ne 0 ]; then echo "FAILED: errors under reload"; fail=1; fi

echo "== $RELOADS reloads back to back"
sleep 3; reload b; first=$(figures)
for i in $(seq 1 "$RELOADS"); do reload "${files[$((i % 3))]}"; done
sleep 3; last=$(figures)
echo "threads fds heap-KiB after reload 1:   $first"
echo "threads fds heap-KiB after reload $RELOADS: $last"
echo "log: $work/lbgate.log"
exit ${fail:-0}
