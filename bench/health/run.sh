#!/bin/sh
# Usage: bench/health/run.sh [servers=1000] [seconds=20]   (from the repository root)
# Compiles the main classes, then runs HealthCheckBench as a single-file program on their classpath.
set -e
./mvnw -q -B -o compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/classes:$(cat target/bench-classpath.txt)" bench/health/HealthCheckBench.java "$@"
