package io.lbgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy's server-state file read back at start. The fixture is what HAProxy 2.6.12 printed for
 * {@code show servers state} after {@code set server app/s1 state maint}, {@code set server app/s2
 * state drain} and {@code set weight app/s2 3} on {@link #CONFIG}; the expected results are what
 * HAProxy 2.6.12 showed after a restart on the same file (and on the changed configurations below).
 */
class ServerStateFileTest {
    private static final Path FIXTURE = Path.of("src/test/resources/server-state/haproxy-2.6.12.state");
    private static final String CONFIG = """
            global
                server-state-file %s
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
                load-server-state-from-file global
            frontend f
                bind 127.0.0.1:18655
                default_backend app
            backend app
                server s1 127.0.0.1:18601 weight 10
                server s2 127.0.0.1:18602 weight 10
                server s3 127.0.0.1:18603 weight 10 disabled
            backend other
                server o1 127.0.0.1:18601
            """;

    @TempDir
    Path dir;

    private Registry load(String config, List<String> warnings) throws IOException {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        var loaded = HaproxyConfigReader.read(List.of(cfg)).config();
        Registry registry = Registry.from(loaded, io.lbgate.balance.Balancers::create);
        warnings.addAll(ServerStateFile.load(loaded.global().serverState(), registry));
        return registry;
    }

    private static String state(Registry registry, String backend, String server) {
        Server s = registry.server(backend, server).orElseThrow();
        return s.status() + " " + s.adminState() + " weight " + s.userWeight();
    }

    @Test
    void theSameConfigurationGetsBackWhatOperatorsSet() throws IOException {
        List<String> warnings = new ArrayList<>();
        Registry registry = load(CONFIG.formatted(FIXTURE.toAbsolutePath()), warnings);

        assertThat(warnings).isEmpty();
        assertThat(state(registry, "app", "s1")).isEqualTo("MAINT MAINT weight 10");
        assertThat(state(registry, "app", "s2")).isEqualTo("DRAIN DRAIN weight 3");
        assertThat(state(registry, "app", "s3")).isEqualTo("MAINT MAINT weight 10");
        assertThat(state(registry, "other", "o1")).isEqualTo("no check READY weight 1");
    }

    @Test
    void whatTheFileChangedOnPurposeWins() throws IOException {
        String changed = CONFIG.formatted(FIXTURE.toAbsolutePath())
                .replace("server s2 127.0.0.1:18602 weight 10", "server s2 127.0.0.1:18602 weight 20")
                .replace(" weight 10 disabled", " weight 10");
        Registry registry = load(changed, new ArrayList<>());

        assertThat(state(registry, "app", "s2")).as("the file's new weight, DRAIN kept").isEqualTo("DRAIN DRAIN weight 20");
        assertThat(state(registry, "app", "s3")).as("'disabled' removed: ready, but saved DOWN")
                .isEqualTo("DOWN READY weight 10");
    }

    @Test
    void unknownServersAndBackendsAreIgnoredAndTheFirstLineWins() throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE);
        Path file = dir.resolve("state");
        Files.write(file, List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(3), lines.get(4), lines.get(5),
                "3 app 9 s9 127.0.0.1 0 1 10 10 0 1 0 0 0 0 0 0 - 18601 - 0 0 - - 0",
                "7 nope 1 n1 127.0.0.1 0 1 10 10 0 1 0 0 0 0 0 0 - 18601 - 0 0 - - 0",
                "4 app 2 s2 127.0.0.1 0 1 1 1 0 1 0 0 0 0 0 0 - 18601 - 0 0 - - 0"));
        List<String> warnings = new ArrayList<>();
        Registry registry = load(CONFIG.formatted(file), warnings);

        assertThat(warnings).isEmpty();
        assertThat(state(registry, "app", "s2")).isEqualTo("DRAIN DRAIN weight 3");
        assertThat(registry.server("app", "s9")).isEmpty();
    }

    @Test
    void aMissingFileOrAnUnknownVersionIsAWarningInHaproxysWords() throws IOException {
        Path missing = dir.resolve("missing");
        List<String> warnings = new ArrayList<>();
        Registry registry = load(CONFIG.formatted(missing), warnings);
        assertThat(warnings).containsExactly(
                "config : config: Can't open global server state file '" + missing + "': No such file or directory");
        assertThat(state(registry, "app", "s1")).isEqualTo("no check READY weight 10");

        Path v2 = Files.writeString(dir.resolve("v2"), "2\n");
        warnings.clear();
        load(CONFIG.formatted(v2), warnings);
        assertThat(warnings).containsExactly(
                "config : config: Can't get version of the global server state file '" + v2 + "'.");
    }

    @Test
    void localFilesAreFoundUnderServerStateBaseByBackendName() throws IOException {
        Path base = Files.createDirectories(dir.resolve("local"));
        Files.write(base.resolve("app"), Files.readAllLines(FIXTURE).stream().filter(l -> !l.contains(" other ")).toList());
        String local = CONFIG.formatted("unused").replace("server-state-file unused", "server-state-base " + base)
                .replace("load-server-state-from-file global", "load-server-state-from-file local");
        List<String> warnings = new ArrayList<>();
        Registry registry = load(local, warnings);

        assertThat(state(registry, "app", "s2")).isEqualTo("DRAIN DRAIN weight 3");
        assertThat(warnings).containsExactly("config : Proxy 'other': Can't open server state file '"
                + base.resolve("other") + "': No such file or directory.");
    }
}
