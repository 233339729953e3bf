#!/usr/bin/env bash
# Makes lbgate's class-data-sharing archive (AppCDS, Java 17's dynamic archive) with one training
# run: the extracted jar starts on a small haproxy.cfg (an HTTP and a TCP frontend, a checked
# backend, a stats listener), serves one request through each frontend and one stats page, and
# stops on SIGTERM; at exit the JVM writes every class it loaded from the class path, parsed and
# verified, to the archive. A start given -XX:SharedArchiveFile maps them instead of loading them.
#
# Usage: training.sh JAVA EXTRACTED_JAR ARCHIVE
#   JAVA           the java launcher that will run lbgate (an archive only fits the JVM that made it)
#   EXTRACTED_JAR  lbgate.jar as `java -Djarmode=tools -jar lbgate.jar extract` leaves it (its
#                  libraries in lib/, named by its Class-Path): classes inside the executable jar's
#                  nested jars cannot be archived
#   ARCHIVE        the .jsa file to write
#   env JAVA_OPTS  more JVM options for the training run (the image's -Djava.library.path, so that
#                  the native transport's classes are the ones archived)
# Used by the Dockerfile and by `./mvnw -Pcds package` (pom.xml). Only loopback ports, chosen free.
set -euo pipefail
JAVA=$1; JAR=$2; ARCHIVE=$3; JAVA_OPTS=${JAVA_OPTS:-}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { # a loopback port nothing listens on, below the ephemeral range (32768-) so that no
  # connection of this script can be given it as its own source port
  local port
  for port in $(seq "$1" $(($1 + 500))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; return
    fi
  done
  echo "no free port from $1" >&2; exit 1
}
HTTP=$(free_port 27400); TCP=$(free_port $((HTTP + 1))); STATS=$(free_port $((TCP + 1)))

cat > "$work/training.cfg" <<CFG
global
    maxconn 100
defaults
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend web
    mode http
    option httplog
    bind 127.0.0.1:$HTTP
    default_backend nodes
frontend api
    mode tcp
    option tcplog
    bind 127.0.0.1:$TCP
    default_backend api
# The stats listener is the server behind both frontends: a real server, without another process.
backend nodes
    mode http
    balance roundrobin
    server n1 127.0.0.1:$STATS
backend api
    mode tcp
    server n1 127.0.0.1:$STATS
backend checked
    mode http
    option httpchk GET /actuator/health/liveness
    server n1 127.0.0.1:$STATS check inter 500ms
listen stats
    mode http
    bind 127.0.0.1:$STATS
    stats enable
    stats uri /stats
    stats auth admin:admin
CFG

# One request, written and read with bash alone (the runtime image has no curl).
request() { # port, request line and headers
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%s\r\nHost: training\r\nConnection: close\r\n\r\n' "$2" >&3
  timeout 10 cat <&3 > /dev/null || true
  exec 3>&-
}

# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -XX:ArchiveClassesAtExit="$ARCHIVE" -Xlog:cds=error -Xlog:cds+dynamic=error \
    -jar "$JAR" -f "$work/training.cfg" > "$work/training.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  grep -q "Started LbgateApplication" "$work/training.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/training.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "Started LbgateApplication" "$work/training.log" || { cat "$work/training.log" >&2; exit 1; }
request "$HTTP" "GET /stats HTTP/1.1"
request "$TCP" "GET /stats HTTP/1.1"
request "$STATS" "GET /stats HTTP/1.1"
request "$STATS" "GET /actuator/health/readiness HTTP/1.1"
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
pid=
if [ "$status" -ne 0 ] || [ ! -s "$ARCHIVE" ]; then
  cat "$work/training.log" >&2
  echo "training run failed (status $status)" >&2; exit 1
fi
echo "CDS archive written: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
