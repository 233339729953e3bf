# lbgate's container image: the tutorial's `docker run` line works with only the image name changed.
#
#   docker build -t lbgate .
#   docker run -itd --name ddb_haproxy -p 8080:8080 -p 1080:1080 \
#     -v /haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg lbgate
#   docker restart ddb_haproxy          # after a configuration change
#   docker kill -s HUP ddb_haproxy      # reload in place
#   docker logs ddb_haproxy             # start-up, health changes, access log
#
# docs/container.md explains every choice below and gives the measured figures.

# ---- Build: the same command as the README, minus the tests (CI runs those) ----------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY application.yml ./
COPY frontend-templates/ frontend-templates/
COPY src/main/ src/main/
RUN ./mvnw -B -q -DskipTests package

# Spring Boot's layered extraction: the dependencies (which change rarely) and the application
# (which changes at every commit) become separate image layers, and the application jar refers to
# its libraries by a Class-Path manifest instead of nesting them, which is what a class-data-sharing
# archive needs (it maps classes from plain jars only).
RUN java -Djarmode=tools -jar target/lbgate.jar extract --layers --destination /extracted

# Netty's native transports (io_uring, epoll) as plain files: Netty looks in java.library.path
# before it copies the library out of its jar into /tmp, so the transports load on a --read-only
# root file system too (without this, lbgate falls back to Java NIO there).
RUN mkdir -p /native/unpacked && cd /native/unpacked \
 && for jar in /extracted/dependencies/lib/netty-*.jar; do jar xf "$jar" META-INF/native; done \
 && find . -name 'libnetty_transport_*.so' -exec mv {} /native/ \; && cd / && rm -rf /native/unpacked

# A runtime with only the modules the application uses: what jdeps finds, plus jdk.crypto.ec, which
# the JDK's TLS reaches by a service lookup that jdeps cannot see. The generated CDS archive of the JDK's own classes is the base the application's archive builds on.
RUN modules="$(jdeps --ignore-missing-deps -q --recursive --multi-release 17 --print-module-deps \
        --class-path '/extracted/dependencies/lib/*' /extracted/application/lbgate.jar)" \
 && echo "jdeps: $modules" \
 && jlink --add-modules "$modules,jdk.crypto.ec" \
        --strip-java-debug-attributes --no-man-pages --no-header-files --compress=2 --generate-cds-archive \
        --output /runtime

# ---- Run: a slim Debian, the trimmed runtime, the layers, and an unprivileged user ----------------
FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java
ENV PATH=/opt/java/bin:$PATH
COPY --from=build /runtime /opt/java
# A fixed uid, so that a mounted file or a --user mapping can name it; no home, no shell.
RUN groupadd --system --gid 10001 lbgate \
 && useradd --system --uid 10001 --gid lbgate --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin lbgate
WORKDIR /opt/lbgate
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /native/ native/
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./

# The class-data-sharing archive: one training run (src/main/cds/training.sh, the same as
# `./mvnw -Pcds package`) on a small haproxy.cfg: it reads the file, starts the data plane (which
# now listens before the Spring context starts), the control plane, serves one request through an
# HTTP and a TCP frontend and one stats page, and stops on SIGTERM. Every class it loaded — the
# haproxy.cfg reader, Netty, the proxy, Spring — is written pre-parsed and verified to lbgate.jsa;
# a start with the archive maps them instead of loading them. The class path must be the same at
# run time, hence the absolute jar path in both places.
COPY --from=build /src/src/main/cds/training.sh /tmp/training.sh
RUN JAVA_OPTS=-Djava.library.path=/opt/lbgate/native \
        bash /tmp/training.sh java /opt/lbgate/lbgate.jar /opt/lbgate/lbgate.jsa \
 && rm /tmp/training.sh

USER lbgate
# Plain log lines even under `docker run -it` (the tutorial's line): no colour codes in `docker logs`.
ENV SPRING_OUTPUT_ANSI_ENABLED=never
EXPOSE 8080 1080
# The stop signal: the JVM always turns SIGTERM into an orderly shutdown, which lbgate's graceful
# stop (stop accepting, finish the requests in flight, exit 0) hooks into. SIGUSR1, HAProxy's
# soft-stop signal, would kill a JVM that does not handle it.
STOPSIGNAL SIGTERM
# Ready = every frontend bound and not stopping. The probe is a small Java main in the same jar,
# so the image needs no curl or wget; it finds lbgate's stats bind from lbgate's own command line.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-XX:-UsePerfData", \
         "-XX:SharedArchiveFile=/opt/lbgate/lbgate.jsa", \
         "-cp", "/opt/lbgate/lbgate.jar", "io.lbgate.cli.ReadinessProbe"]
# Heap: half the container's memory limit (the rest is for Netty's direct buffers, metaspace and
# threads); a process out of heap exits, so that the engine's restart policy starts a clean one.
# -XX:-UsePerfData: no /tmp/hsperfdata file, so a --read-only root file system needs no tmpfs for it.
# Memory (docs/performance.md, "Memory with -Xmx128m"): G1 gives unused heap back down to 10-40 %
# free instead of 40-70 %; System.gc() (lbgate's one start-up collection) runs as a concurrent cycle
# instead of a stop-the-world full collection (45 ms); freed native memory goes back to the system
# every 5 s.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/lbgate/lbgate.jsa", \
            "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", \
            "-XX:MaxHeapFreeRatio=40", "-XX:MinHeapFreeRatio=10", "-XX:+ExplicitGCInvokesConcurrent", \
            "-XX:TrimNativeHeapInterval=5000", \
            "-Djava.library.path=/opt/lbgate/native", "-jar", "/opt/lbgate/lbgate.jar"]
CMD ["-f", "/usr/local/etc/haproxy/haproxy.cfg"]
