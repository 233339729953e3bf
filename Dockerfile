# Build stage: the same two commands as the README, minus the tests (CI runs those).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY application.yml ./
COPY frontend-templates/ frontend-templates/
COPY src/ src/
RUN ./mvnw -B -q -DskipTests package

# Run stage: a JRE, the jar, and an unprivileged user. The configuration is mounted as a file,
# at the path the tutorial's HAProxy image uses, so the same `docker run -v` line works:
#   docker run -d --name lbgate -p 8080:8080 -p 1080:1080 \
#     -v /haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro lbgate
FROM eclipse-temurin:17-jre
RUN groupadd --system lbgate && useradd --system --gid lbgate --no-create-home --shell /usr/sbin/nologin lbgate
WORKDIR /opt/lbgate
COPY --from=build /src/target/lbgate.jar lbgate.jar
USER lbgate
EXPOSE 8080 1080
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/lbgate/lbgate.jar"]
CMD ["-f", "/usr/local/etc/haproxy/haproxy.cfg"]
