#!/usr/bin/env bash
# Proxied throughput (wrk through the data plane) alone, then while clients send wrong stats
# passwords: 4 clients at 15 requests/s each (issue 16's scenario), then 4 clients as fast as they
# can. The stats login must not slow the data plane: the first flood must stay within 10 %.
# Each flood phase also prints the CPU its own client (wrk -t1) and the control plane's event loop
# took: on a 2-core machine the client competes with the data plane too.
# Usage: bench/stats/login-flood.sh [path/to/lbgate.jar]   env: BASE=22100 SECONDS_EACH=15
set -euo pipefail
JAR=${1:-target/lbgate.jar}
BASE=${BASE:-22100}; SECS=${SECONDS_EACH:-15}; JVM=${JVM:--Xms256m -Xmx256m}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# A fast keep-alive origin, so that the proxy, not the origin, bounds the rate.
cat > "$work/origin.py" <<'PY'
import asyncio, sys
RESP = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
async def serve(r, w):
    buf = b""
    try:
        while True:
            d = await r.read(65536)
            if not d: break
            buf += d
            n = buf.count(b"\r\n\r\n")
            if n:
                buf = buf[buf.rfind(b"\r\n\r\n") + 4:]
                w.write(RESP * n); await w.drain()
    except ConnectionError: pass
    w.close()
async def main():
    s = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]))
    await s.serve_forever()
asyncio.run(main())
PY
python3 "$work/origin.py" "$((BASE+1))" & pids+=($!)
cat > "$work/lbgate.cfg" <<CONF
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend f
    bind 127.0.0.1:$BASE
    default_backend b
backend b
    server o 127.0.0.1:$((BASE+1))
listen stats
    bind 127.0.0.1:$((BASE+2))
    stats enable
    stats uri /stats
    stats auth admin:s3cret
CONF
java $JVM -jar "$JAR" -f "$work/lbgate.cfg" > "$work/lbgate.log" 2>&1 & gw=$!; pids+=($gw)
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$BASE/" && break; sleep 1; done
# The data plane answers before the stats listener (the control plane) has started: wait for both.
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$((BASE+2))/stats" && break; sleep 1; done
curl -s -o /dev/null -u admin:s3cret "http://127.0.0.1:$((BASE+2))/stats;csv"   # the first login

# CPU time (clock ticks) of a process, or of its threads whose name starts with $2: on this small
# machine the flood's own client takes CPU from the data plane too, so the figures say how much.
HZ=$(getconf CLK_TCK)
ticks() {
    local pid=$1 prefix=${2:-} t sum=0
    for t in /proc/$pid/task/*; do
        [[ -z $prefix || $(cat "$t/comm" 2>/dev/null) == "$prefix"* ]] || continue
        sum=$((sum + $(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
    done
    echo "$sum"
}
cpu_report() { # flood-client-pid ticks-before(client) ticks-before(loop) seconds
    local c=$(( $(ticks "$1") - $2 )) l=$(( $(ticks "$gw" reactor-http) - $3 ))
    echo "  during it: flood client (wrk -t1) $(awk -v t="$c" -v h="$HZ" -v s="$4" 'BEGIN{printf "%.1f", 100*t/h/s}') % of a core, control-plane loop $(awk -v t="$l" -v h="$HZ" -v s="$4" 'BEGIN{printf "%.1f", 100*t/h/s}') % of a core"
}

rate() { wrk -t2 -c16 -d"${SECS}s" "http://127.0.0.1:$BASE/" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c16 -d5s "http://127.0.0.1:$BASE/" > /dev/null   # warm-up
base=$(rate)
echo "baseline: $base req/s"

# The paced flood: 4 connections, each sending a wrong password every 66 ms (wrk's delay hook, no
# process per request, so that the flood's own client costs little CPU on a small machine).
cat > "$work/paced.lua" <<'LUA'
wrk.headers["Authorization"] = "Basic YWRtaW46d3Jvbmc="
function delay() return 66 end
LUA
paced_once() {
    wrk -t1 -c4 -d"$((SECS + 2))s" -s "$work/paced.lua" "http://127.0.0.1:$((BASE+2))/stats" > "$work/paced.txt" & pf=$!; pids+=($pf)
    sleep 1
    c0=$(ticks "$pf"); l0=$(ticks "$gw" reactor-http)
    paced_rate=$(rate)
    cpu=$(cpu_report "$pf" "$c0" "$l0" "$SECS")
    wait "$pf" || true
    echo "with 4 x 15 wrong passwords/s ($(awk '/Requests\/sec/ {print $2}' "$work/paced.txt") req/s): $paced_rate req/s ($(awk -v a="$paced_rate" -v b="$base" 'BEGIN{printf "%.1f", 100*a/b}') % of baseline)"
    echo "$cpu"
}
paced_once
base=$(rate); echo "baseline: $base req/s"
paced_once

cat > "$work/wrong.lua" <<'LUA'
wrk.headers["Authorization"] = "Basic YWRtaW46d3Jvbmc="
LUA
wrk -t1 -c4 -d"$((SECS + 2))s" -s "$work/wrong.lua" "http://127.0.0.1:$((BASE+2))/stats" > "$work/flood.txt" & fl=$!; pids+=($fl)
sleep 1
c0=$(ticks "$fl"); l0=$(ticks "$gw" reactor-http)
flood_rate=$(rate)
cpu=$(cpu_report "$fl" "$c0" "$l0" "$SECS")
wait "$fl" || true
again=$(rate)
echo "baseline again: $again req/s"
echo "with 4 clients sending wrong passwords non-stop ($(awk '/Requests\/sec/ {print $2}' "$work/flood.txt") req/s): $flood_rate req/s ($(awk -v a="$flood_rate" -v b="$base" 'BEGIN{printf "%.1f", 100*a/b}') % of baseline)"
echo "$cpu"
