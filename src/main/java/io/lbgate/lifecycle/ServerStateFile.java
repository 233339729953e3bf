package io.lbgate.lifecycle;

import io.lbgate.config.ServerConfig;
import io.lbgate.config.ServerStateFiles;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.ForcedHealth;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy's server-state file: what {@code show servers state} prints (format version 1), read
 * back at start by the backends with {@code load-server-state-from-file}. For each server of the
 * running configuration found in the file by backend and server name (the first line wins;
 * lines for servers or backends that no longer exist are ignored, as HAProxy 2.6 does), the rules
 * HAProxy applies:
 *
 * <ul>
 * <li>the operational state is restored: a server saved DOWN starts DOWN (until a check, or an
 * operator, brings it up), one saved NOLB starts NOLB;</li>
 * <li>MAINT: when {@code disabled} was added to or removed from the file since, the file decides;
 * otherwise a server put in maintenance by an operator stays in it;</li>
 * <li>DRAIN set by an operator stays, unless it only came from a weight of 0 the file has since
 * raised;</li>
 * <li>a weight set at run time is restored only if the file's weight for the server is still the
 * one saved ({@code srv_iweight}); a changed file weight wins;</li>
 * <li>health checks disabled by an operator stay disabled.</li>
 * </ul>
 *
 * Problems opening or reading a file are warnings in HAProxy's words; the server keeps the state
 * the configuration gives it.
 */
public final class ServerStateFile {
    static final String CAUSE = "changed from server-state after a reload";

    // srv_admin_state bits
    private static final int FORCED_MAINT = 0x01;
    private static final int CONFIG_MAINT = 0x04;
    private static final int FORCED_DRAIN = 0x08;
    // srv_check_state bits
    private static final int CHECK_CONFIGURED = 0x02;
    private static final int CHECK_ENABLED = 0x04;

    /** One server line: the fields lbgate uses. */
    record Entry(String backend, String server, int operational, int admin, int userWeight, int initialWeight,
                 int checkState) {
    }

    private ServerStateFile() {
    }

    /**
     * Reads the files of {@code files} and applies them to {@code registry}'s servers.
     *
     * @return the warnings, one line each without the {@code [WARNING] (pid) :} prefix
     */
    public static List<String> load(ServerStateFiles files, Registry registry) {
        List<String> warnings = new ArrayList<>();
        Map<Path, Optional<Map<String, Entry>>> read = new HashMap<>();
        for (Map.Entry<String, ServerStateFiles.Source> e : files.byBackend().entrySet()) {
            Optional<Backend> backend = registry.backend(e.getKey());
            if (backend.isEmpty()) {
                continue;
            }
            ServerStateFiles.Source source = e.getValue();
            Optional<Map<String, Entry>> entries = read.computeIfAbsent(source.file(),
                    f -> read(f, source.local() ? "Proxy '" + e.getKey() + "': " : "config: ",
                            source.local() ? "" : "global ", warnings));
            entries.ifPresent(map -> apply(backend.get(), map, registry));
        }
        return warnings;
    }

    private static Optional<Map<String, Entry>> read(Path file, String who, String kind, List<String> warnings) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            warnings.add("config : " + who + "Can't open " + kind + "server state file '" + file
                    + "': No such file or directory" + (kind.isEmpty() ? "." : ""));
            return Optional.empty();
        } catch (IOException e) {
            warnings.add("config : " + who + "Can't open " + kind + "server state file '" + file + "': " + e.getMessage());
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals("1")) {
            warnings.add("config : " + who + "Can't get version of the " + kind + "server state file '" + file + "'.");
            return Optional.empty();
        }
        return Optional.of(parse(lines.subList(1, lines.size())));
    }

    /** Server lines by {@code backend/server}; the first line for a server wins; malformed lines are skipped. */
    static Map<String, Entry> parse(List<String> lines) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || f[0].startsWith("#") || f.length < 14) {
                continue;
            }
            try {
                Entry entry = new Entry(f[1], f[3], Integer.parseInt(f[5]), Integer.parseInt(f[6]),
                        Integer.parseInt(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[13]));
                entries.putIfAbsent(entry.backend() + "/" + entry.server(), entry);
            } catch (NumberFormatException e) {
                // not a server line of version 1: ignored
            }
        }
        return entries;
    }

    private static void apply(Backend backend, Map<String, Entry> entries, Registry registry) {
        for (Server server : backend.servers()) {
            Entry entry = entries.get(backend.name() + "/" + server.name());
            if (entry != null) {
                apply(server, entry, registry);
            }
        }
    }

    /** HAProxy 2.6's srv_state_srv_update, in lbgate's operations. */
    static void apply(Server server, Entry entry, Registry registry) {
        ServerConfig config = server.config();
        switch (entry.operational()) {
            case 0 -> registry.forceHealth(server, ForcedHealth.DOWN, CAUSE);
            case 3 -> registry.forceHealth(server, ForcedHealth.NOLB, CAUSE);
            default -> registry.forceHealth(server, ForcedHealth.UP, CAUSE);
        }
        boolean fileConfigMaint = (entry.admin() & CONFIG_MAINT) != 0;
        boolean maint = config.disabled()
                || (entry.admin() & FORCED_MAINT) != 0 && fileConfigMaint == config.disabled();
        if (maint) {
            registry.setAdminState(server, AdminState.MAINT, CAUSE);
        } else if ((entry.admin() & FORCED_DRAIN) != 0 && (entry.initialWeight() > 0 || config.weight() == 0)) {
            registry.setAdminState(server, AdminState.DRAIN, CAUSE);
        }
        if (entry.initialWeight() == config.weight() && entry.userWeight() != server.userWeight()) {
            try {
                registry.setWeight(server, entry.userWeight(), CAUSE);
            } catch (IllegalArgumentException e) {
                // a weight the algorithm does not take any more: the file's weight stays
            }
        }
        if ((entry.checkState() & CHECK_CONFIGURED) != 0 && (entry.checkState() & CHECK_ENABLED) == 0) {
            registry.setChecksEnabled(server, false, CAUSE);
        }
    }
}
