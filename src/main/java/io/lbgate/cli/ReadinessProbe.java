package io.lbgate.cli;

import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.haproxy.HaproxyConfigReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The container's {@code HEALTHCHECK}: asks a running lbgate whether it can take traffic and exits
 * 0 (ready) or 1 (not ready), printing one line that says why. It is a main class in lbgate's own
 * jar, so the image needs no curl or wget.
 *
 * <p>It reads the same haproxy.cfg as lbgate, with the same reader, to find the stats listener's
 * first bind (where lbgate serves {@code /actuator/health/readiness}). The files are the ones on
 * lbgate's own command line, read from the process list, so an overridden {@code CMD} or an extra
 * {@code -f} needs no change to the health check and nothing has to be written at start (a
 * {@code --read-only} container has nowhere to write). Given arguments ({@code -f FILE ...}) are
 * used instead, for a start that the process list cannot show.
 *
 * <p>The answer, in order: the readiness endpoint's status (200 ready, anything else not ready);
 * where there is no such endpoint (404), whether the stats bind accepts a connection; where there
 * is no stats listener, whether every frontend's first bind accepts one.
 */
public final class ReadinessProbe {
    static final String READINESS_PATH = "/actuator/health/readiness";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** What the probe found: ready or not, and the one line that says why. */
    record Verdict(boolean ready, String reason) {
        static Verdict ready(String reason) {
            return new Verdict(true, reason);
        }

        static Verdict notReady(String reason) {
            return new Verdict(false, reason);
        }
    }

    private ReadinessProbe() {
    }

    public static void main(String[] args) {
        Verdict verdict = args.length > 0 ? probe(Arrays.asList(args)) : probeRunningGateway();
        System.out.println((verdict.ready() ? "ready: " : "not ready: ") + verdict.reason());
        System.exit(verdict.ready() ? 0 : 1);
    }

    /** Finds lbgate among this container's processes and probes it with its own arguments. */
    static Verdict probeRunningGateway() {
        Optional<List<String>> arguments = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.info().arguments().map(Arrays::asList))
                .flatMap(Optional::stream)
                .map(ReadinessProbe::gatewayArguments)
                .flatMap(Optional::stream)
                .findFirst();
        if (arguments.isEmpty()) {
            return Verdict.notReady("no lbgate process is running (java -jar .../lbgate.jar)");
        }
        return probe(arguments.get());
    }

    /**
     * The arguments lbgate was given, when {@code commandLine} (a JVM's arguments, without the
     * executable) starts lbgate: {@code ... -jar .../lbgate.jar ARGS} or {@code ... io.lbgate.LbgateApplication ARGS}.
     */
    static Optional<List<String>> gatewayArguments(List<String> commandLine) {
        for (int i = 0; i < commandLine.size(); i++) {
            String arg = commandLine.get(i);
            boolean jar = arg.equals("-jar") && i + 1 < commandLine.size()
                    && commandLine.get(i + 1).endsWith("lbgate.jar");
            if (jar) {
                return Optional.of(commandLine.subList(i + 2, commandLine.size()));
            }
            if (arg.equals("io.lbgate.LbgateApplication")) {
                return Optional.of(commandLine.subList(i + 1, commandLine.size()));
            }
        }
        return Optional.empty();
    }

    /** Probes the lbgate that was started with {@code lbgateArguments}. */
    static Verdict probe(List<String> lbgateArguments) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(lbgateArguments.toArray(String[]::new));
        } catch (CommandLineOptions.UsageException e) {
            return Verdict.notReady("lbgate's command line: " + e.getMessage());
        }
        if (options.files().isEmpty()) {
            return Verdict.notReady("lbgate was started without -f: the probe reads the stats bind from haproxy.cfg only");
        }
        GatewayConfig config;
        try {
            config = HaproxyConfigReader.read(options.files()).config();
        } catch (InvalidConfigException e) {
            String first = e.problems().stream().filter(ConfigProblem::isAlert).findFirst()
                    .map(ConfigProblem::message).orElse("invalid configuration");
            return Verdict.notReady("cannot read " + options.files() + ": " + first);
        }
        if (config.stats() == null || config.stats().binds().isEmpty()) {
            return frontendsAccept(config.frontends());
        }
        return askReadiness(config.stats().binds().get(0));
    }

    private static Verdict askReadiness(BindAddress stats) {
        String host = connectHost(stats.host());
        String url = "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + stats.port() + READINESS_PATH;
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setUseCaches(false);
            int status = connection.getResponseCode();
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                // An lbgate without the readiness endpoint: that it answers HTTP on its stats
                // bind is the best sign of life there is.
                return Verdict.ready(stats.display() + " accepts connections (no readiness endpoint at " + READINESS_PATH + ")");
            }
            String body = body(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            String answer = url + " answered " + status + (body.isEmpty() ? "" : " " + body);
            return status == HttpURLConnection.HTTP_OK ? Verdict.ready(answer) : Verdict.notReady(answer);
        } catch (IOException e) {
            return Verdict.notReady(url + ": " + e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static Verdict frontendsAccept(List<FrontendConfig> frontends) {
        if (frontends.isEmpty()) {
            return Verdict.notReady("the configuration has neither a stats listener nor a frontend");
        }
        for (FrontendConfig frontend : frontends) {
            if (frontend.binds().isEmpty()) {
                continue;
            }
            BindAddress bind = frontend.binds().get(0);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(connectHost(bind.host()), bind.port()), (int) TIMEOUT.toMillis());
            } catch (IOException e) {
                return Verdict.notReady("frontend '" + frontend.name() + "' on " + bind.display() + ": " + e.getMessage());
            }
        }
        return Verdict.ready("no stats listener; every frontend's first bind accepts connections");
    }

    /** Where to connect for a bind: its own address, or loopback for a wildcard. */
    private static String connectHost(String bindHost) {
        return switch (bindHost) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::" -> "::1";
            default -> bindHost;
        };
    }

    private static String body(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            byte[] bytes = in.readNBytes(200);
            return new String(bytes, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        }
    }
}
