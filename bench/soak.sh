#!/usr/bin/env bash
# Soak test (not in CI): mixed traffic, slow clients, server faults, admin actions and reloads
# against the packaged jar under Netty's paranoid leak detection, for --minutes (default 30).
# Reports: leak reports (LEAK) and ERROR lines in the gateway's log, RSS and open descriptors
# sampled every 30 s (flat after warm-up: the last third's mean within --rss-tolerance % of the
# middle third's), and every request's outcome by kind. Exit status 1 when any of these fails.
#
# Usage: bench/soak.sh [--minutes 30] [--jar target/lbgate.jar] [--base 23000] [--rss-tolerance 10]
#                      [--out DIR]
# The load is deliberately moderate (a few hundred requests/s): the point is time, variety and
# faults, not throughput, and the machine may be shared.
set -euo pipefail
MINUTES=30; JAR=target/lbgate.jar; BASE=23000; TOL=10; OUT=""
JVM=${JVM:--Xms256m -Xmx256m -XX:+UseG1GC}
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        --base) BASE=$2; shift 2 ;;
        --rss-tolerance) TOL=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
JAR=$(realpath "$JAR")
work=${OUT:-$(mktemp -d /tmp/soak-XXXXXX)}
mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

HTTP=$BASE; SLOWFE=$((BASE + 1)); TCP=$((BASE + 2)); STATS=$((BASE + 3))
S1=$((BASE + 11)); S2=$((BASE + 12)); S3=$((BASE + 15)); SLOW=$((BASE + 13)); ECHO=$((BASE + 14))

# Backends: three HTTP servers (s2 is killed and restarted by the driver, s1 is drained, put in
# maintenance and back by the admin actions, s3 is left alone so that app always has a server), one that answers after
# 0-2 s (its frontend's "timeout server 1s" turns about half of them into 504s), a TCP echo server.
cat > "$work/backends.py" <<'PY'
import random, socket, socketserver, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
kind, port = sys.argv[1], int(sys.argv[2])
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        if kind == "slow": time.sleep(random.random() * 2)
        body = (kind + " " + "x" * random.choice((10, 1000, 20000)) + "\n").encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_HEAD = do_OPTIONS = answer
class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            d = self.request.recv(65536)
            if not d: return
            self.request.sendall(d)
class T(socketserver.ThreadingTCPServer):
    daemon_threads = True; allow_reuse_address = True
if kind == "echo":
    T(("127.0.0.1", port), Echo).serve_forever()
else:
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
for b in "s1 $S1" "s3 $S3" "slow $SLOW" "echo $ECHO"; do
    python3 "$work/backends.py" $b >> "$work/backends.log" 2>&1 & pids+=($!)
done

cat > "$work/haproxy.cfg" <<CONF
global
    maxconn 2000
    stats socket $work/admin.sock level admin
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 5s
    timeout http-request 5s
frontend web
    bind 127.0.0.1:$HTTP
    default_backend app
backend app
    option httpchk
    server s1 127.0.0.1:$S1 check inter 1s
    server s2 127.0.0.1:$S2 check inter 1s fall 2 rise 2
    server s3 127.0.0.1:$S3 check inter 1s
frontend slowfe
    bind 127.0.0.1:$SLOWFE
    default_backend slow
backend slow
    timeout server 1s
    server slow1 127.0.0.1:$SLOW
listen tcp
    mode tcp
    bind 127.0.0.1:$TCP
    server echo 127.0.0.1:$ECHO check
listen stats
    bind 127.0.0.1:$STATS
    stats enable
    stats uri /haproxyadmin
    stats auth ops:soak
    stats admin if TRUE
CONF

java $JVM -Dio.netty.leakDetection.level=paranoid -jar "$JAR" -f "$work/haproxy.cfg" > "$work/lbgate.log" 2>&1 &
LB=$!; pids+=($LB)
for _ in $(seq 1 90); do curl -s -o /dev/null "http://127.0.0.1:$HTTP/" && break; sleep 1; done
# The data plane answers first; the stats listener and the runtime API start a few seconds later.
for _ in $(seq 1 90); do curl -s -o /dev/null "http://127.0.0.1:$STATS/" && break; sleep 1; done
echo "lbgate pid $LB, work dir $work, $MINUTES min"

# The driver: every loop ends at the deadline; every outcome is counted by kind.
cat > "$work/driver.py" <<'PY'
import collections, http.client, json, os, random, signal, socket, subprocess, sys, threading, time, base64
(minutes, lb, http_port, slowfe, tcp, stats, s2port, work) = sys.argv[1:9]
lb = int(lb); http_port, slowfe, tcp, stats, s2port = map(int, (http_port, slowfe, tcp, stats, s2port))
deadline = time.time() + float(minutes) * 60
counts = collections.Counter(); lock = threading.Lock()
def count(kind, outcome):
    with lock: counts[kind + " " + str(outcome)] += 1
def alive(): return time.time() < deadline
def paced(rate):  # sleeps so that one loop iteration runs about `rate` times a second
    time.sleep(1.0 / rate)

def keepalive(rate):
    conn = None
    while alive():
        try:
            if conn is None: conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
            conn.request("GET", "/ka"); r = conn.getresponse(); r.read(); count("http-keepalive", r.status)
            if r.getheader("Connection", "").lower() == "close": conn.close(); conn = None
        except Exception as e:
            count("http-keepalive", type(e).__name__); conn = None
        paced(rate)

def newconn(rate, host_port, kind):
    while alive():
        try:
            c = http.client.HTTPConnection("127.0.0.1", host_port, timeout=10)
            if random.random() < 0.3: c.request("POST", "/up", body=os.urandom(random.choice((100, 50000))))
            else: c.request("GET", "/new")
            r = c.getresponse(); r.read(); count(kind, r.status); c.close()
        except Exception as e:
            count(kind, type(e).__name__)
        paced(rate)

def slowloris():
    # Headers one byte a second: the gateway answers 408 at 'timeout http-request' (5 s), or a body
    # trickled slower than 'timeout client' (10 s) allows.
    while alive():
        s = socket.create_connection(("127.0.0.1", http_port)); s.settimeout(20)
        try:
            kind = "slow-headers" if random.random() < 0.5 else "slow-body"
            try:
                if kind == "slow-headers":
                    s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n")
                    trickle = [bytes([b]) for b in b"X-Slow: 1234567890\r\n"]
                else:
                    s.sendall(b"POST /slowbody HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
                    trickle = [b"x"] * 15
                for b in trickle:
                    if not alive(): break
                    s.sendall(b); time.sleep(1)
            except OSError:
                pass  # the gateway gave up on us first: its answer, if any, is read below
            data = s.recv(4096)
            count(kind, data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "closed")
        except Exception as e:
            count("slow", type(e).__name__)
        finally:
            s.close()

def tcp_sessions(rate):
    while alive():
        try:
            s = socket.create_connection(("127.0.0.1", tcp), timeout=10)
            payload = os.urandom(random.choice((10, 5000, 100000)))
            s.sendall(payload); got = b""
            while len(got) < len(payload):
                d = s.recv(65536)
                if not d: break
                got += d
            if random.random() < 0.2: s.shutdown(socket.SHUT_WR)  # half-close first, sometimes
            s.close(); count("tcp", "ok" if got == payload else "mismatch")
        except Exception as e:
            count("tcp", type(e).__name__)
        paced(rate)

def s2_fault():
    # s2 up for 100 s, killed for 20 s, again and again: checks mark it DOWN and UP.
    while alive():
        p = subprocess.Popen([sys.executable, work + "/backends.py", "s2", str(s2port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.time() + 100
        while alive() and time.time() < end: time.sleep(1)
        p.kill(); p.wait(); count("fault", "s2-killed")
        end = time.time() + 20
        while alive() and time.time() < end: time.sleep(1)

def runtime(cmd):
    s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(work + "/admin.sock")
    s.sendall((cmd + "\n").encode()); out = b""
    while True:
        d = s.recv(65536)
        if not d: break
        out += d
    s.close(); return out.decode(errors="replace")

def admin():
    auth = "Basic " + base64.b64encode(b"ops:soak").decode()
    i = 0
    while alive():
        i += 1
        try:
            c = http.client.HTTPConnection("127.0.0.1", stats, timeout=10)
            action = "drain" if i % 2 else "ready"
            c.request("POST", "/haproxyadmin", body="s=s1&action=" + action + "&b=%232",
                      headers={"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"})
            r = c.getresponse(); r.read(); count("admin-form", r.status)
            for suffix in ("", ";csv", ";json"):
                c.request("GET", "/haproxyadmin" + suffix, headers={"Authorization": auth})
                r = c.getresponse(); r.read(); count("stats-page", r.status)
            c.close()
            out = runtime("show stat")
            count("runtime-api", "ok" if out.startswith("# pxname") else "bad")
            runtime("set server app/s1 state " + ("maint" if i % 3 == 0 else "ready"))
            runtime("set server app/s1 state ready")
            count("runtime-api", "ok")
        except Exception as e:
            count("admin", type(e).__name__)
        for _ in range(10):
            if alive(): time.sleep(1)

def reloads():
    while alive():
        for _ in range(180):
            if alive(): time.sleep(1)
        if alive():
            os.kill(lb, signal.SIGHUP); count("reload", "SIGHUP")

def sampler():
    with open(work + "/rss.tsv", "w") as f:
        f.write("seconds\trss_kib\tfds\n")
        start = time.time()
        while True:
            rss = next(l.split()[1] for l in open("/proc/%d/status" % lb) if l.startswith("VmRSS"))
            fds = len(os.listdir("/proc/%d/fd" % lb))
            f.write("%d\t%s\t%d\n" % (time.time() - start, rss, fds)); f.flush()
            if not alive(): return
            for _ in range(30):
                if alive(): time.sleep(1)

threads = [threading.Thread(target=t, args=a) for t, a in (
    (keepalive, (40,)), (keepalive, (40,)), (newconn, (30, http_port, "http-newconn")),
    (newconn, (5, slowfe, "http-slow-backend")), (newconn, (5, slowfe, "http-slow-backend")),
    (slowloris, ()), (slowloris, ()), (tcp_sessions, (20,)), (s2_fault, ()), (admin, ()),
    (reloads, ()), (sampler, ()))]
for t in threads: t.start()
for t in threads: t.join()
json.dump(dict(sorted(counts.items())), open(work + "/outcomes.json", "w"), indent=1)
PY
python3 "$work/driver.py" "$MINUTES" "$LB" "$HTTP" "$SLOWFE" "$TCP" "$STATS" "$S2" "$work"

# Descriptors once the traffic has stopped and idle connections had time to close (timeout
# client/server 10 s/5 s): sockets still open then, beyond the listeners, are held by nobody.
sleep 20
idle_fds=$(ls /proc/"$LB"/fd | wc -l)
idle_tcp=$(ss -tanp | grep -c "pid=$LB," || true)
# Leak reports show when a leaked buffer is collected: collect, then allocate a little more.
jcmd "$LB" GC.run > /dev/null 2>&1 || true
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$HTTP/"; done
sleep 5
kill "$LB"; wait "$LB" 2>/dev/null || true

leaks=$(grep -c "LEAK" "$work/lbgate.log" || true)
errors=$(grep -c "ERROR" "$work/lbgate.log" || true)
python3 - "$work" "$TOL" "$leaks" "$errors" "$idle_fds" "$idle_tcp" <<'PY'
import json, sys
work, tol, leaks, errors = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
idle_fds, idle_tcp = sys.argv[5], sys.argv[6]
rows = [l.split("\t") for l in open(work + "/rss.tsv").read().split("\n")[1:] if l]
rss = [int(r[1]) / 1024 for r in rows]; fds = [int(r[2]) for r in rows]
n = len(rss) // 3
mid, last = sum(rss[n:2 * n]) / max(n, 1), sum(rss[2 * n:]) / max(len(rss) - 2 * n, 1)
drift = 100 * (last - mid) / mid if mid else 0
flat = abs(drift) <= tol
print("RSS MiB every 30 s:", " ".join("%.0f" % r for r in rss))
print("open fds every 30 s:", " ".join(str(f) for f in fds))
print("RSS middle third %.0f MiB, last third %.0f MiB: %+.1f%% (%s, tolerance %.0f%%)"
      % (mid, last, drift, "flat" if flat else "NOT FLAT", tol))
print("20 s after the traffic stopped: %s open fds, %s of them TCP sockets ss can see" % (idle_fds, idle_tcp))
print("leak reports: %d, ERROR lines: %d" % (leaks, errors))
print("outcomes:")
for k, v in json.load(open(work + "/outcomes.json")).items(): print("  %-28s %d" % (k, v))
sys.exit(0 if flat and leaks == 0 and errors == 0 else 1)
PY
