#!/usr/bin/env bash
# lbgate's own PROXY protocol codec against Netty's (netty-codec-haproxy), in the same run: two
# lbgate jars side by side, each a TCP frontend with `accept-proxy` whose server has
# `send-proxy-v2` (phase "v1-in", a v1 header decoded and a v2 header written per connection) or
# `send-proxy` (phase "v2-in", v2 decoded, v1 written). HAProxy 2.6 feeds them: wrk keeps its
# connections to an HAProxy frontend that opens a new server connection per request
# (http-server-close, no reuse) with `send-proxy` or `send-proxy-v2`; a second HAProxy behind
# lbgate reads the header lbgate wrote (`accept-proxy`) and answers 200 itself. Every request is
# therefore one header decoded and one encoded by the lbgate under test.
#
# Measured per phase: requests/s (wrk) and the lbgate process's CPU time per 1000 requests
# (utime+stime from /proc). Rounds alternate which codec goes first; medians are printed.
#
# Usage: bench/proxy-protocol.sh --ours A.jar --netty B.jar [--rounds 5] [--seconds 10]
#                                [--connections 32] [--base 24000]
# B.jar: bench/proxy-protocol/build-netty-variant.sh B.jar
set -euo pipefail
OURS=""; NETTY=""; ROUNDS=5; SECONDS_PER=10; CONNS=32; BASE=24000; WARMUP=${WARMUP:-20}
JVM=${JVM:--Xms256m -Xmx256m -XX:+UseG1GC}
while [ $# -gt 0 ]; do
    case "$1" in
        --ours) OURS=$(realpath "$2"); shift 2 ;;
        --netty) NETTY=$(realpath "$2"); shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --seconds) SECONDS_PER=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --base) BASE=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$OURS" ] && [ -n "$NETTY" ] || { echo "need --ours and --netty" >&2; exit 2; }
work=$(mktemp -d /tmp/ppbench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

TERM_PORT=$BASE
# lbgate "ours": BASE+1 (v1 in, v2 out), BASE+2 (v2 in, v1 out); "netty": BASE+3, BASE+4.
# HAProxy feeders: BASE+11..14 in the same order.
lbcfg() {  # $1 port v1-in, $2 port v2-in
    cat <<CONF
global
    maxconn 4000
defaults
    mode tcp
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend v1in
    bind 127.0.0.1:$1 accept-proxy
    default_backend v2out
backend v2out
    server term 127.0.0.1:$TERM_PORT send-proxy-v2
frontend v2in
    bind 127.0.0.1:$2 accept-proxy
    default_backend v1out
backend v1out
    server term 127.0.0.1:$TERM_PORT send-proxy
CONF
}
lbcfg $((BASE + 1)) $((BASE + 2)) > "$work/ours.cfg"
lbcfg $((BASE + 3)) $((BASE + 4)) > "$work/netty.cfg"
cat > "$work/haproxy.cfg" <<CONF
global
    maxconn 4000
defaults
    mode http
    option http-server-close
    http-reuse never
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend term
    bind 127.0.0.1:$TERM_PORT accept-proxy
    http-request return status 200 content-type text/plain string ok
CONF
i=0
for target in "ours 1 send-proxy" "ours 2 send-proxy-v2" "netty 3 send-proxy" "netty 4 send-proxy-v2"; do
    set -- $target
    i=$((i + 1))
    cat >> "$work/haproxy.cfg" <<CONF
frontend feed$2
    bind 127.0.0.1:$((BASE + 10 + $2))
    default_backend to$2
backend to$2
    server lb 127.0.0.1:$((BASE + $2)) $3
CONF
done
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 & pids+=($!)
java $JVM -jar "$OURS" -f "$work/ours.cfg" > "$work/ours.log" 2>&1 & OURS_PID=$!; pids+=($OURS_PID)
java $JVM -jar "$NETTY" -f "$work/netty.cfg" > "$work/netty.log" 2>&1 & NETTY_PID=$!; pids+=($NETTY_PID)
for port in 11 12 13 14; do
    for _ in $(seq 1 90); do
        [ "$(curl -s -m 2 "http://127.0.0.1:$((BASE + port))/")" = ok ] && break
        sleep 1
    done
    [ "$(curl -s -m 2 "http://127.0.0.1:$((BASE + port))/")" = ok ] || { echo "feed $port does not answer" >&2; tail "$work"/*.log >&2; exit 1; }
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# One phase: prints "requests/s cpu-ms-per-1000-requests".
phase() {  # $1 pid, $2 feed port, $3 seconds
    local before after out reqs rps
    before=$(cpu_ticks "$1")
    out=$(wrk -t1 -c"$CONNS" -d"$3"s "http://127.0.0.1:$2/")
    after=$(cpu_ticks "$1")
    reqs=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    [ -z "$errors" ] || echo "  wrk: $errors" >&2
    python3 -c "import sys; t=int(sys.argv[1]); r=int(sys.argv[2]); print(sys.argv[3], '%.1f' % (t * 1000.0 / $(getconf CLK_TCK) * 1000 / max(r, 1)))" \
        "$((after - before))" "$reqs" "$rps"
}

echo "warm-up: $WARMUP s per codec and phase"
for t in "$OURS_PID 11" "$OURS_PID 12" "$NETTY_PID 13" "$NETTY_PID 14"; do
    set -- $t; phase "$1" "$((BASE + $2))" "$WARMUP" > /dev/null
done
: > "$work/results.tsv"
for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then order="ours netty"; else order="netty ours"; fi
    for codec in $order; do
        for ph in v1-in v2-in; do
            case "$codec/$ph" in
                ours/v1-in) pid=$OURS_PID; port=11 ;; ours/v2-in) pid=$OURS_PID; port=12 ;;
                netty/v1-in) pid=$NETTY_PID; port=13 ;; netty/v2-in) pid=$NETTY_PID; port=14 ;;
            esac
            res=$(phase "$pid" "$((BASE + port))" "$SECONDS_PER")
            echo -e "$r\t$codec\t$ph\t${res// /	}" | tee -a "$work/results.tsv"
        done
    done
done
python3 - "$work/results.tsv" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
def med(codec, ph, i): return statistics.median(float(r[i]) for r in rows if r[1] == codec and r[2] == ph)
print("\n| phase | codec | req/s (median) | CPU ms / 1000 req (median) | per round (req/s) |")
print("|---|---|---|---|---|")
for ph in ("v1-in", "v2-in"):
    for codec in ("ours", "netty"):
        per = " ".join(r[3] for r in rows if r[1] == codec and r[2] == ph)
        print("| %s | %s | %.0f | %.1f | %s |" % (ph, codec, med(codec, ph, 3), med(codec, ph, 4), per))
    print("| %s | netty/ours | %.3f | %.3f | |" % (ph, med("netty", ph, 3) / med("ours", ph, 3),
                                                   med("netty", ph, 4) / med("ours", ph, 4)))
PY
echo "work dir: $work"
