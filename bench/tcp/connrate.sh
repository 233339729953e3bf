#!/usr/bin/env bash
# New TCP connections per second through a mode-tcp frontend, HAProxy 2.6 vs lbgate, in
# alternating rounds on one machine (the shared bench measures TCP throughput only).
# wrk sends "Connection: close" HTTP requests through the TCP frontend to one nginx, so every
# request is a new client connection and a new server connection. Then lbgate's memory per idle
# proxied connection: N idle client connections held open, RSS and Java heap (after GC) growth.
# Usage: bench/tcp/connrate.sh [path/to/lbgate.jar]   env: ROUNDS=5 DUR=5 IDLE=2000 BASE=21000
set -euo pipefail
JAR=${1:-/work/main/target/lbgate.jar}
ROUNDS=${ROUNDS:-5}; DUR=${DUR:-5}; IDLE=${IDLE:-2000}; BASE=${BASE:-21000}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

cat > "$work/nginx.conf" <<CONF
worker_processes 1; pid $work/nginx.pid; error_log $work/nginx.err; daemon off;
events { worker_connections 8192; }
http { access_log off; keepalive_timeout 300s;
  server { listen 127.0.0.1:$((BASE+1)); location / { return 200 "0123456789012345678901234567890123456789012345678901234567890123"; } } }
CONF
cfg() { cat <<CONF
global
    maxconn 8000
defaults
    mode tcp
    timeout connect 5s
    timeout client 300s
    timeout server 300s
frontend f
    bind 127.0.0.1:$1
    default_backend b
backend b
    server s1 127.0.0.1:$((BASE+1))
listen slow
    bind 127.0.0.1:$(($1+3))
    server sink 127.0.0.1:$((BASE+4))
CONF
}
cfg "$BASE" > "$work/haproxy.cfg"; cfg $((BASE+2)) > "$work/lbgate.cfg"
nginx -c "$work/nginx.conf" -p "$work" & pids+=($!)
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 & pids+=($!)
java -Xms512m -Xmx512m -XX:+UseG1GC -jar "$JAR" -f "$work/lbgate.cfg" > "$work/lbgate.log" 2>&1 & LB=$!; pids+=($LB)
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$((BASE+2))/" && break; sleep 1; done
rate() { wrk -t1 -c32 -d"${2}s" -H 'Connection: close' "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'; }
echo "warm-up lbgate 30s: $(rate $((BASE+2)) 30) req/s"
echo "round haproxy lbgate ratio"
for r in $(seq 1 "$ROUNDS"); do
  h=$(rate "$BASE" "$DUR"); l=$(rate $((BASE+2)) "$DUR")
  echo "$r $h $l $(python3 -c "print(round($l/$h,3))")"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1 GiB through lbgate to a slowly reading sink: peak RSS growth (VmHWM after clear_refs)
python3 - "$((BASE+4))" <<'PY' & pids+=($!)
import socket, time, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536); total = 0
while True:
    d = c.recv(65536)
    if not d: break
    total += len(d); time.sleep(0.0005)
c.sendall(str(total).encode()); c.close()
PY
sleep 1
r0=$(awk '/VmRSS/ {print $2}' /proc/"$LB"/status); echo 5 > /proc/"$LB"/clear_refs
got=$(python3 - "$((BASE+5))" <<'PY'
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); chunk = bytes(1 << 20)
for _ in range(1024): c.sendall(chunk)
c.shutdown(socket.SHUT_WR); print(c.recv(100).decode())
PY
)
hwm=$(awk '/VmHWM/ {print $2}' /proc/"$LB"/status)
echo "slow reader: 1 GiB sent, sink got $got bytes; peak RSS growth $(( (hwm - r0) / 1024 )) MiB"

# memory per idle proxied connection
heap() { jcmd "$LB" GC.run >/dev/null; jcmd "$LB" GC.heap_info | awk '/garbage-first heap/ {for(i=1;i<=NF;i++) if ($i=="used") print $(i+1)}' | tr -d K; }
rss() { awk '/VmRSS/ {print $2}' /proc/"$LB"/status; }
h0=$(heap); r0=$(rss)
python3 - "$((BASE+2))" "$IDLE" <<'PY' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(30)
PY
HOLD=$!
sleep 10
h1=$(heap); r1=$(rss)
kill $HOLD 2>/dev/null || true
echo "idle connections: $IDLE; RSS growth $(( (r1 - r0) / IDLE )) KiB/conn; heap after GC growth $(( (h1 - h0) * 1024 / IDLE )) B/conn"
