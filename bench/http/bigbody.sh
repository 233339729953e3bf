#!/usr/bin/env bash
# 1 GiB up and 1 GiB down through an lbgate HTTP frontend: checksums end to end, and the proxy's
# peak RSS growth while the bodies stream (VmHWM after clear_refs), which must stay under 64 MiB.
# Usage: bench/http/bigbody.sh [path/to/lbgate.jar]   env: BASE=22000 MIB=1024 JVM="-Xms512m ..."
set -euo pipefail
JAR=${1:-target/lbgate.jar}
BASE=${BASE:-22000}; MIB=${MIB:-1024}; JVM=${JVM:--Xms512m -Xmx512m -XX:+UseG1GC}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Origin: GET /big streams MIB MiB of a repeating pattern; POST /sha answers "sha256 length".
cat > "$work/origin.py" <<'PY'
import hashlib, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
MIB = int(sys.argv[2]); CHUNK = bytes(range(256)) * 4096
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", str(MIB << 20)); self.end_headers()
        for _ in range(MIB): self.wfile.write(CHUNK)
    def do_POST(self):
        h, n = hashlib.sha256(), 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0: self.rfile.readline(); break
                d = self.rfile.read(size); h.update(d); n += len(d); self.rfile.readline()
        else:
            left = int(self.headers["Content-Length"])
            while left:
                d = self.rfile.read(min(left, 1 << 20)); h.update(d); n += len(d); left -= len(d)
        body = f"{h.hexdigest()} {n}".encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/origin.py" "$((BASE+1))" "$MIB" & pids+=($!)
cat > "$work/lbgate.cfg" <<CONF
defaults
    mode http
    timeout connect 5s
    timeout client 300s
    timeout server 300s
frontend f
    bind 127.0.0.1:$BASE
    default_backend b
backend b
    server o 127.0.0.1:$((BASE+1))
CONF
java $JVM -jar "$JAR" -f "$work/lbgate.cfg" > "$work/lbgate.log" 2>&1 & LB=$!; pids+=($LB)
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$BASE/" -X POST -d x && break; sleep 1; done

hwm_growth() { awk '/VmHWM/ {print $2}' /proc/"$LB"/status; }
r0=$(awk '/VmRSS/ {print $2}' /proc/"$LB"/status); echo 5 > /proc/"$LB"/clear_refs
expected=$(python3 -c "import hashlib,sys; c=bytes(range(256))*4096; h=hashlib.sha256(); [h.update(c) for _ in range($MIB)]; print(h.hexdigest())")
got=$(curl -s "http://127.0.0.1:$BASE/big" | sha256sum | cut -d' ' -f1)
echo "download ${MIB} MiB: sha256 $([ "$got" = "$expected" ] && echo match || echo MISMATCH); peak RSS growth $(( ($(hwm_growth) - r0) / 1024 )) MiB"

r0=$(awk '/VmRSS/ {print $2}' /proc/"$LB"/status); echo 5 > /proc/"$LB"/clear_refs
head -c $((MIB << 20)) /dev/urandom > "$work/up.bin"
want=$(sha256sum "$work/up.bin" | cut -d' ' -f1)
answer=$(curl -s -X POST -T - -H 'Transfer-Encoding: chunked' "http://127.0.0.1:$BASE/sha" < "$work/up.bin")
echo "upload ${MIB} MiB (chunked): sha256 $([ "${answer%% *}" = "$want" ] && echo match || echo MISMATCH) (${answer#* } bytes); peak RSS growth $(( ($(hwm_growth) - r0) / 1024 )) MiB"
