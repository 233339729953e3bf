#!/usr/bin/env bash
# Builds the bench variant of lbgate whose PROXY protocol codec is Netty's (netty-codec-haproxy,
# version from Boot's Netty BOM): this commit's sources with the two classes of netty-variant/ in
# place of lbgate's own, and the dependency added to the pom. Nothing in the repository changes.
# Usage: bench/proxy-protocol/build-netty-variant.sh OUT.jar
set -euo pipefail
out=$(realpath -m "$1")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$repo" archive HEAD | tar -x -C "$tmp"
cp "$here"/netty-variant/*.java "$tmp/src/main/java/io/lbgate/proxy/proxyprotocol/"
python3 - "$tmp/pom.xml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
dep = "<dependency><groupId>io.netty</groupId><artifactId>netty-codec-haproxy</artifactId></dependency>"
i = s.index("<dependencies>", s.index("</dependencyManagement>") if "</dependencyManagement>" in s else 0)
s = s[:i + len("<dependencies>")] + dep + s[i + len("<dependencies>"):]
open(p, "w").write(s)
PY
(cd "$tmp" && ./mvnw -B -q -o package -DskipTests)
cp "$tmp/target/lbgate.jar" "$out"
echo "$out"
