#!/usr/bin/env bash
# What scraping the metrics costs the data plane: ../shared/bench with the same jar side by side
# in the same rounds, "lbgate" left alone and one "lbgate-scraped-<s>" per --intervals value,
# scraped on its exporter frontend (/metrics) and on Actuator (/actuator/prometheus, stats
# listener) every <s> seconds while it carries the harness's load. All get the same extra
# exporter frontend; only the scraped ones are scraped. The scraper runs outside the target's process tree (the harness counts that
# tree's CPU) and scrapes only while the target is busy (above 0.3 CPU s/s), so that it does not
# load the machine during the other targets' phases.
#
# Usage: bench/metrics-scrape.sh [--jar target/lbgate.jar] [--intervals 1,0.1] [--rounds 5]
#                                [--variants http-ka] [--bench /work/shared/bench] [--out DIR]
# Prints the harness's table, then the scraped/alone ratio per round and its median.
set -euo pipefail
JAR=target/lbgate.jar; INTERVALS=1,0.1; ROUNDS=5; VARIANTS=http-ka; BENCH=${BENCH:-/work/shared/bench}; OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --jar) JAR=$2; shift 2 ;;
        --intervals) INTERVALS=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --variants) VARIANTS=$2; shift 2 ;;
        --bench) BENCH=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
JAR=$(realpath "$JAR")
work=$(mktemp -d /tmp/scrape-XXXXXX)
OUT=${OUT:-$work/bench-out}

# The target command: the harness's cfg plus an exporter frontend on a port of its own; records
# its PID and its stats port (moved by the harness per slot) for the scraper, then becomes java.
cat > "$work/target.sh" <<'SH'
#!/usr/bin/env bash
name=$1; port=$2; cfg=$3; shift 3
work=$(dirname "$0")
backend=$(awk '$1 == "backend" {print $2; exit}' "$cfg")
copy="$work/$name.cfg"
cp "$cfg" "$copy"
cat >> "$copy" <<CONF

frontend prom
    mode http
    bind 127.0.0.1:$port
    http-request use-service prometheus-exporter if { path /metrics }
    default_backend $backend
CONF
awk '$1 == "listen" && $2 == "stats" {s = 1} s && $1 == "bind" {split($2, a, ":"); print a[2]; exit}' "$copy" \
    > "$work/$name.stats-port"
echo $$ > "$work/$name.pid"
exec java "$@" -jar "$JAR" -f "$copy"
SH
sed -i "s|\"\$JAR\"|\"$JAR\"|" "$work/target.sh"
chmod +x "$work/target.sh"

cat > "$work/scraper.py" <<'PY'
import base64, os, sys, time, urllib.request
work, interval, name, exporter = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
auth = "Basic " + base64.b64encode(b"admin:admin").decode()
tck = os.sysconf("SC_CLK_TCK")
scrapes = bytes_read = failures = 0
last = None
def ticks(pid):
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])
while not os.path.exists(work + "/stop"):
    try:
        pid = open(work + "/" + name + ".pid").read().strip()
        port = open(work + "/" + name + ".stats-port").read().strip()
        now = (time.time(), ticks(pid))
    except (OSError, ValueError, IndexError):
        time.sleep(interval); last = None; continue
    busy = last is not None and (now[1] - last[1]) / tck / max(now[0] - last[0], 1e-3) > 0.3
    last = now
    if busy:
        for url, headers in (("http://127.0.0.1:%s/metrics" % exporter, {}),
                             ("http://127.0.0.1:%s/actuator/prometheus" % port, {"Authorization": auth})):
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
                    bytes_read += len(r.read()); scrapes += 1
            except Exception:
                failures += 1
    # The scrape's own CPU would read as "busy": measure over the interval after it.
    last = (time.time(), ticks(pid)) if busy else last
    time.sleep(interval)
print("scraper %s: %d scrapes, %d bytes, %d failures" % (name, scrapes, bytes_read, failures))
PY
# setsid: its own session, so neither the harness nor the target's process tree holds it.
targets=(--target "$work/target.sh alone 29400 {cfg} {jvm}" --target-name lbgate)
scrapers=()
port=29400
for s in ${INTERVALS//,/ }; do
    port=$((port + 1))
    targets+=(--target "$work/target.sh scraped-$s $port {cfg} {jvm}" --target-name "lbgate-scraped-$s")
    setsid python3 "$work/scraper.py" "$work" "$s" "scraped-$s" "$port" > "$work/scraper-$s.log" 2>&1 < /dev/null &
    scrapers+=($!)
done
trap 'touch "$work/stop"; wait "${scrapers[@]}" 2>/dev/null || true' EXIT

"$BENCH/bench.sh" --anchors haproxy --variants "$VARIANTS" --target-variants "$VARIANTS" --rounds "$ROUNDS" \
    --idle-conns 0 --out "$OUT" "${targets[@]}"
touch "$work/stop"; wait "${scrapers[@]}" || true; cat "$work"/scraper-*.log
python3 - "$OUT/results.json" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))
rows = data["rows"] if isinstance(data, dict) and "rows" in data else data
def find(target, variant, metric):
    for r in rows:
        if r.get("target") == target and r.get("variant") == variant and r.get("metric") == metric:
            return r
print("\nscraped / alone, per round (same rounds, same machine):")
for t in sorted({r["target"] for r in rows if r.get("target", "").startswith("lbgate-scraped")}):
    for r in rows:
        if r.get("target") != "lbgate":
            continue
        other = find(t, r["variant"], r["metric"])
        if not other or not r.get("values") or not other.get("values"):
            continue
        ratios = [b / a for a, b in zip(r["values"], other["values"]) if a]
        if ratios:
            print("  %-20s %-8s %-34s median %.3f  [%s]" % (t, r["variant"], r["metric"], statistics.median(ratios),
                                                           " ".join("%.3f" % x for x in ratios)))
PY
