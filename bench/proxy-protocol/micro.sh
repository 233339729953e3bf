#!/usr/bin/env bash
# Runs CodecMicroBench against this tree's compiled classes (./mvnw -o compile first) and the
# Netty jars in ~/.m2 (netty-codec-haproxy: ./mvnw dependency:get
# -Dartifact=io.netty:netty-codec-haproxy:<Netty version of Boot's BOM>).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
v=$(ls ~/.m2/repository/io/netty/netty-codec-haproxy | sort -V | tail -1)
cp="$repo/target/classes"
for a in netty-buffer netty-common netty-transport netty-codec-base netty-codec-haproxy netty-resolver; do
    cp="$cp:$(ls ~/.m2/repository/io/netty/$a/$v/$a-$v.jar)"
done
out=$(mktemp -d)
javac -d "$out" -cp "$cp" "$here/CodecMicroBench.java"
java -Xms256m -Xmx256m -XX:+UseG1GC -cp "$out:$cp" CodecMicroBench
