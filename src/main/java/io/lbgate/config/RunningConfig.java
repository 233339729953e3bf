package io.lbgate.config;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration the process runs now, where it was read from and when, and how the last
 * reload went: what the log, the stats page and the stop read ({@code grace} and
 * {@code hard-stop-after} come from the configuration loaded last).
 */
public final class RunningConfig {
    private final ConfigSource source;
    private volatile LoadedConfig current;
    private volatile Instant loadedAt;
    private volatile ReloadResult lastReload;

    public RunningConfig(ConfigSource source, LoadedConfig initial, Instant loadedAt) {
        this.source = Objects.requireNonNull(source, "source");
        this.current = Objects.requireNonNull(initial, "initial");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
    }

    public ConfigSource source() {
        return source;
    }

    public LoadedConfig current() {
        return current;
    }

    public GlobalSettings global() {
        return current.config().global();
    }

    /** When the running configuration was loaded (start or last successful reload). */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** The last reload, applied or refused; empty before the first. */
    public Optional<ReloadResult> lastReload() {
        return Optional.ofNullable(lastReload);
    }

    public synchronized void applied(LoadedConfig next, ReloadResult result) {
        current = next;
        loadedAt = result.at();
        lastReload = result;
    }

    public synchronized void refused(ReloadResult result) {
        lastReload = result;
    }
}
