package io.lbgate.lifecycle;

import io.lbgate.config.ConfigReloader;

import io.lbgate.config.ConfigSource;
import io.lbgate.config.ReloadResult;
import io.lbgate.config.RunningConfig;

import io.lbgate.config.ProblemPrinter;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.health.HealthChecks;
import io.lbgate.proxy.BindFailedException;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.registry.Registry;
import io.lbgate.registry.ReloadChanges;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reload: SIGHUP, the stats page's reload button and the runtime API all call
 * {@link #reload(String)}. It reads the configuration again from where it was read at start,
 * checks it completely, and only then applies it to the running process:
 *
 * <ol>
 * <li>read and check: the same reader as {@code -c}; any alert refuses the reload whole, its
 * problems logged as {@code -c} prints them, and nothing changes;</li>
 * <li>open the sockets of new bind addresses (a port in use refuses the reload, nothing changed);</li>
 * <li>{@link Registry#apply}: new backends and servers, state and counters carried over by name;</li>
 * <li>{@link DataPlane#takeOver}: new frontends take the sockets over, the old ones finish their
 * connections on the settings they started with;</li>
 * <li>{@link HealthChecks#reload()}: checks follow, restarted only where the check changed.</li>
 * </ol>
 *
 * Reloads run one at a time. See docs/reload-and-stop.md.
 */
public final class Reloader implements ConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final Supplier<LoadedConfig> reader;
    private final RunningConfig running;
    private final Registry registry;
    private final DataPlane dataPlane;
    private final HealthChecks healthChecks;
    private final Clock clock;
    private final long pid = ProcessHandle.current().pid();

    /**
     * @param reader reads and checks the configuration; throws {@link InvalidConfigException} with
     *               every problem when it is not valid
     */
    public Reloader(Supplier<LoadedConfig> reader, RunningConfig running, Registry registry, DataPlane dataPlane,
            HealthChecks healthChecks, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.running = running;
        this.registry = registry;
        this.dataPlane = dataPlane;
        this.healthChecks = healthChecks;
        this.clock = clock;
    }

    /** Reads {@code -f} files again, as {@code -c} does. */
    static Supplier<LoadedConfig> files(ConfigSource source) {
        return () -> HaproxyConfigReader.read(source.files());
    }

    /**
     * Reloads now, on the calling thread; returns once the new configuration runs (or was refused).
     * Never throws for a bad configuration: the result says why it was refused.
     *
     * @param trigger who asked, for the log, the audit and the stats page: {@code SIGHUP},
     *                {@code stats page (admin)}, {@code runtime API}
     */
    @Override
    public synchronized ReloadResult reload(String trigger) {
        String from = running.source().describe();
        log.info("Reloading the configuration from {} ({})", from, trigger);
        LoadedConfig next;
        try {
            next = reader.get();
        } catch (InvalidConfigException e) {
            return refused(trigger, lines(e.problems(), true), "configuration has errors");
        } catch (RuntimeException e) {
            return refused(trigger, List.of(e.toString()), "configuration could not be read");
        }
        if (!dataPlane.serving()) {
            return refused(trigger, List.of("the process is stopping"), "the process is stopping");
        }
        try {
            dataPlane.openBinds(next.config());
        } catch (BindFailedException e) {
            String line = ProblemPrinter.format("ALERT", "Starting frontend " + e.frontend() + ": cannot bind socket ["
                    + e.address().display() + "]: " + rootMessage(e), pid);
            return refused(trigger, List.of(line), "a bind address cannot be bound");
        }
        ReloadChanges changes = registry.apply(next.config());
        dataPlane.takeOver(next.config());
        healthChecks.reload();
        if (!Objects.equals(next.config().stats(), running.current().config().stats())) {
            log.warn("The stats section changed; its listener keeps its start-up settings until a restart");
        }
        List<String> warnings = lines(next.warnings(), false);
        warnings.forEach(log::warn);
        String summary = "configuration reloaded from " + from + ": " + changes.added().size() + " server(s) added, "
                + changes.removed().size() + " removed, " + changes.kept().size() + " kept their state";
        ReloadResult result = new ReloadResult(clock.instant(), trigger, true, warnings, summary);
        running.applied(next, result);
        log.info("{} ({})", capitalized(summary), trigger);
        return result;
    }

    private ReloadResult refused(String trigger, List<String> problems, String why) {
        problems.forEach(log::error);
        String summary = "reload refused (" + why + "); the running configuration from "
                + running.source().describe() + " keeps serving";
        ReloadResult result = new ReloadResult(clock.instant(), trigger, false, problems, summary);
        running.refused(result);
        log.error("{} ({})", capitalized(summary), trigger);
        return result;
    }

    /** As {@code -c} prints them, with its closing lines when a file had errors. */
    private List<String> lines(List<ConfigProblem> problems, boolean fatal) {
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add(ProblemPrinter.format(p, pid)));
        boolean located = problems.stream().anyMatch(p -> p.isAlert() && p.location() != null);
        if (fatal && located) {
            running.source().files().forEach(f -> lines.add(ProblemPrinter.format("ALERT",
                    "config : Error(s) found in configuration file : " + f, pid)));
            lines.add(ProblemPrinter.format("ALERT", "config : Fatal errors found in configuration.", pid));
        }
        return lines;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
