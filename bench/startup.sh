#!/usr/bin/env bash
# Start-up time (issue 17, items 1 and 5): starts the packaged jar RUNS times on a haproxy.cfg with
# an HTTP frontend, a TCP frontend, a checked backend and a stats listener, against a local HTTP
# backend, and reports per run and as medians the time from process start to
#   http   the first proxied HTTP response (200 through the HTTP frontend),
#   tcp    the first response through the TCP frontend (an HTTP request piped as raw bytes),
#   check  the first health check reaching the backend,
#   ready  /actuator/health/readiness answering 200 on the stats listener,
#   stats  the stats page answering (401 without credentials is an answer).
# "Process start" is the moment before the JVM is spawned, taken by the poller that spawns it; the
# pollers try every 5 ms, in one Python process, so they add about as much as they measure (< 5 ms).
#
# Usage: bench/startup.sh [path/to/lbgate.jar]
#   env: RUNS=10  BASE=26100 (ports BASE..BASE+3)  JAVA_OPTS=""  CDS=both|off|only  HORIZON=120 (s)
#   CDS=both (default) also extracts the jar (java -Djarmode=tools ... extract), makes an AppCDS
#   archive for it with src/main/cds/training.sh (as the Dockerfile and `./mvnw -Pcds package` do)
#   and measures `java -XX:SharedArchiveFile=lbgate.jsa -jar <extracted>/lbgate.jar` the same way.
#   Not a CI test: timings depend on the machine's load; quote medians and say how loaded it was.
set -euo pipefail
JAR=$(realpath "${1:-target/lbgate.jar}")
RUNS=${RUNS:-10}; BASE=${BASE:-26100}; CDS=${CDS:-both}; JAVA_OPTS=${JAVA_OPTS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

HTTP=$BASE; TCP=$((BASE+1)); STATS=$((BASE+2)); NODE=$((BASE+3))
for port in $HTTP $TCP $STATS $NODE; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: choose other ports with BASE=..." >&2; exit 1
  fi
done
cat > "$work/haproxy.cfg" <<CONF
global
    maxconn 1000
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
    default_backend raw_app
backend app
    mode http
    option httpchk GET /health-check
    server n1 127.0.0.1:$NODE check inter 1s
backend raw_app
    mode tcp
    server n1 127.0.0.1:$NODE
listen stats
    mode http
    bind 127.0.0.1:$STATS
    stats enable
    stats uri /stats
    stats auth admin:admin
CONF

here=$(cd "$(dirname "$0")/.." && pwd)
if [ "$CDS" != off ]; then
  echo "extracting the jar and making its CDS archive (one training run) ..." >&2
  java -Djarmode=tools -jar "$JAR" extract --destination "$work/cds" > /dev/null
  # shellcheck disable=SC2086
  JAVA_OPTS="$JAVA_OPTS" bash "$here/src/main/cds/training.sh" java "$work/cds/$(basename "$JAR")" \
      "$work/cds/lbgate.jsa" >&2
fi

python3 - "$JAR" "$work" "$RUNS" "$CDS" "$HTTP" "$TCP" "$STATS" "$NODE" "$JAVA_OPTS" <<'PY'
import http.server, os, shlex, signal, socket, socketserver, statistics, subprocess, sys, threading, time

jar, work, runs, cds, http_port, tcp_port, stats_port, node_port, java_opts = sys.argv[1:]
runs, http_port, tcp_port, stats_port, node_port = map(int, (runs, http_port, tcp_port, stats_port, node_port))
HORIZON = float(os.environ.get("HORIZON", "120"))  # a start slower than this is a failure, not a figure

class Node(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path == "/health-check" and Run.current is not None:
            Run.current.mark("check")
        body = b"hello\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

class NodeServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):
        pass  # a check connection the gateway closes at its stop is not news

class Run:
    current = None
    def __init__(self):
        self.marks = {}
        self.lock = threading.Lock()
    def mark(self, name):
        with self.lock:
            if name not in self.marks:
                self.marks[name] = time.monotonic() - self.t0

def http_ok(port, path, accept=(200,)):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = s.recv(64)
            if not data.startswith(b"HTTP/1."):
                return False
            return int(data[9:12]) in accept
    except OSError:
        return False

def poll(run, name, probe):
    while time.monotonic() - run.t0 < HORIZON and name not in run.marks and run.proc.poll() is None:
        if probe():
            run.mark(name)
            return
        time.sleep(0.005)

node = NodeServer(("127.0.0.1", node_port), Node)
threading.Thread(target=node.serve_forever, daemon=True).start()

probes = {
    "http": lambda: http_ok(http_port, "/"),
    "tcp": lambda: http_ok(tcp_port, "/"),
    "ready": lambda: http_ok(stats_port, "/actuator/health/readiness"),
    "stats": lambda: http_ok(stats_port, "/stats", (200, 401)),
}
columns = ["http", "tcp", "check", "ready", "stats"]

def one(extra, jar):
    run = Run()
    cmd = ["java", *shlex.split(java_opts), *extra, "-jar", jar, "-f", os.path.join(work, "haproxy.cfg")]
    log = open(os.path.join(work, "run.log"), "w")
    run.t0 = time.monotonic()
    run.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    Run.current = run
    threads = [threading.Thread(target=poll, args=(run, n, p)) for n, p in probes.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    while "check" not in run.marks and time.monotonic() - run.t0 < HORIZON and run.proc.poll() is None:
        time.sleep(0.005)
    Run.current = None
    run.proc.send_signal(signal.SIGTERM)
    try:
        run.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        run.proc.kill()
        run.proc.wait()
    log.close()
    missing = [c for c in columns if c not in run.marks]
    if missing:
        print(open(os.path.join(work, "run.log")).read(), file=sys.stderr)
        sys.exit(f"run failed: no {missing} within {HORIZON} s")
    started = ""
    for line in open(os.path.join(work, "run.log")):
        if "Started LbgateApplication in" in line:
            started = line.split("Started LbgateApplication in", 1)[1].split(" seconds")[0].strip()
    return run.marks, started

variants = []
if cds != "only":
    variants.append(("java -jar", [], jar))
if cds != "off":
    extracted = os.path.join(work, "cds", os.path.basename(jar))
    variants.append(("extracted + CDS", [f"-XX:SharedArchiveFile={os.path.join(work, 'cds', 'lbgate.jsa')}",
                                         "-Xlog:cds=error"], extracted))

print(f"{runs} starts per variant; seconds from process start; java opts: {java_opts or '(none)'}")
summary = {}
for name, extra, variant_jar in variants:
    rows = []
    print(f"\n{name}:")
    print("       " + "  ".join(f"{c:>6}" for c in columns) + "   'Started ... in'")
    for i in range(runs):
        marks, started = one(extra, variant_jar)
        rows.append(marks)
        print(f"  #{i + 1:<4}" + "  ".join(f"{marks[c]:6.3f}" for c in columns) + f"   {started}")
        time.sleep(0.5)
    summary[name] = {c: statistics.median(r[c] for r in rows) for c in columns}
    print("median " + "  ".join(f"{summary[name][c]:6.3f}" for c in columns))

print("\n| variant | " + " | ".join(f"{c} (median s)" for c in columns) + " |")
print("| --- |" + " --- |" * len(columns))
for name, med in summary.items():
    print(f"| {name} | " + " | ".join(f"{med[c]:.2f}" for c in columns) + " |")
PY
