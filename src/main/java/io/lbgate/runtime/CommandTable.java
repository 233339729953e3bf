package io.lbgate.runtime;

import io.lbgate.config.ApiLevel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every runtime API command lbgate answers, in the order {@code help} lists them, and the usage
 * texts HAProxy 2.6 prints for {@code help} and for a command it does not know. {@code help},
 * {@code prompt} and {@code quit} come last, as in HAProxy; the session handles the last two.
 *
 * <p>A documented hub: it is long because it is the list.
 */
final class CommandTable {
    static final String HELP_HEADER = "The following commands are valid at this level:\n";
    static final String UNKNOWN_HEADER = "Unknown command. Please enter one of the following commands only:\n";
    static final String SUGGEST_HEADER = "Unknown command, but maybe one of the following ones is a better match:\n";
    /** HAProxy proposes at most this many close matches, and compares at most this many words. */
    private static final int MAX_MATCHES = 5;
    private static final int MAX_KEYWORDS = 5;

    private final List<CliCommand> commands = new ArrayList<>();
    private final List<CliCommand> trailer = new ArrayList<>();

    CommandTable() {
        add(List.of("clear", "counters"), ApiLevel.OPERATOR, "clear counters [all]",
                "clear max statistics counters (or all counters)", CounterCommands::clear);
        add(List.of("disable", "agent"), ApiLevel.ADMIN, "disable agent", "disable agent checks",
                ServerCommands::disableAgent);
        add(List.of("disable", "health"), ApiLevel.ADMIN, "disable health", "disable health checks",
                ServerCommands::disableHealth);
        add(List.of("disable", "server"), ApiLevel.ADMIN, "disable server (DEPRECATED)",
                "disable a server for maintenance (use 'set server' instead)", ServerCommands::disableServer);
        add(List.of("enable", "agent"), ApiLevel.ADMIN, "enable agent", "enable agent checks",
                ServerCommands::enableAgent);
        add(List.of("enable", "health"), ApiLevel.ADMIN, "enable health", "enable health checks",
                ServerCommands::enableHealth);
        add(List.of("enable", "server"), ApiLevel.ADMIN, "enable server  (DEPRECATED)",
                "enable a disabled server (use 'set server' instead)", ServerCommands::enableServer);
        add(List.of("get", "weight"), ApiLevel.USER, "get weight <bk>/<srv>", "report a server's current weight",
                ServerCommands::getWeight);
        add(List.of("operator"), ApiLevel.USER, "operator",
                "lower the level of the current CLI session to operator", r -> SessionCommands.lower(r, ApiLevel.OPERATOR));
        add(List.of("set", "server"), ApiLevel.ADMIN, "set server <bk>/<srv> [opts]",
                "change a server's state, weight, address or ssl", ServerCommands::setServer);
        add(List.of("set", "timeout"), ApiLevel.USER, "set timeout [cli] <delay>", "change a timeout setting",
                SessionCommands::setTimeout);
        add(List.of("set", "weight"), ApiLevel.ADMIN, "set weight <bk>/<srv>  (DEPRECATED)",
                "change a server's weight (use 'set server' instead)", ServerCommands::setWeight);
        add(List.of("show", "backend"), ApiLevel.USER, "show backend", "list backends in the current running config",
                ShowCommands::backends);
        add(List.of("show", "cli", "level"), ApiLevel.USER, "show cli level",
                "display the level of the current CLI session", r -> r.session().level().word() + "\n");
        add(List.of("show", "env"), ApiLevel.OPERATOR, "show env [var]",
                "dump environment variables known to the process", ShowCommands::env);
        add(List.of("show", "info"), ApiLevel.USER, "show info [desc|json|typed|float]*",
                "report information about the running process", ShowInfo::run);
        add(List.of("show", "servers", "state"), ApiLevel.USER, "show servers state [<backend>]",
                "dump volatile server information (all or for a single backend)", ServersState::run);
        add(List.of("show", "sess"), ApiLevel.OPERATOR, "show sess [id]",
                "report the list of current sessions or dump this exact session", SessionCommands::showSess);
        add(List.of("show", "stat"), ApiLevel.USER, "show stat [desc|json|no-maint|typed|up]*",
                "report counters for each proxy and server", ShowCommands::stat);
        add(List.of("show", "version"), ApiLevel.USER, "show version", "show version of the current process",
                r -> ShowInfo.version() + "\n");
        add(List.of("shutdown", "sessions", "server"), ApiLevel.ADMIN, "shutdown sessions server <bk>/<srv>",
                "kill sessions on a server", ServerCommands::shutdownSessions);
        add(List.of("user"), ApiLevel.USER, "user", "lower the level of the current CLI session to user",
                r -> SessionCommands.lower(r, ApiLevel.USER));

        trailer.add(new CliCommand(List.of("help"), ApiLevel.USER, "help [<command>]",
                "list matching or all commands", r -> usage(r.words(), true)));
        // The session acts on these two itself; their handlers only give the answer text.
        trailer.add(new CliCommand(List.of("prompt"), ApiLevel.USER, "prompt", "toggle interactive mode with prompt",
                r -> ""));
        trailer.add(new CliCommand(List.of("quit"), ApiLevel.USER, "quit", "disconnect", r -> ""));
    }

    private void add(List<String> keywords, ApiLevel level, String usage, String description,
                     CliCommand.Handler handler) {
        commands.add(new CliCommand(keywords, level, usage, description, handler));
    }

    /** The command {@code words} name: the one matching the most leading words. */
    Optional<CliCommand> find(List<String> words) {
        return allCommands().stream().filter(c -> c.matches(words))
                .max(Comparator.comparingInt(c -> c.keywords().size()));
    }

    private List<CliCommand> allCommands() {
        List<CliCommand> all = new ArrayList<>(commands);
        all.addAll(trailer);
        return all;
    }

    /**
     * HAProxy's usage text: {@code help [<words>]} lists the commands starting with those words;
     * an unknown command lists the closest ones by fingerprint, or those sharing its known leading
     * words, or all of them when the line was empty. {@code help}, {@code prompt} and {@code quit}
     * always close the list.
     */
    String usage(List<String> line, boolean help) {
        List<String> args = help ? line.subList(1, line.size()) : line;
        int length = 0;
        for (CliCommand c : commands) {
            length = Math.max(length, sharedWords(c, args));
        }
        StringBuilder sb = new StringBuilder();
        if (help) {
            sb.append(HELP_HEADER);
        } else if (length == 0 && (args.isEmpty() || args.get(0).isEmpty())) {
            sb.append(UNKNOWN_HEADER);
        } else {
            sb.append(SUGGEST_HEADER);
        }
        List<CliCommand> suggested = args.size() > length ? closest(args, length) : List.of();
        if (suggested.isEmpty()) {
            for (CliCommand c : commands) {
                if (sharedWords(c, args) >= length) {
                    sb.append(c.helpLine());
                }
            }
        } else {
            suggested.forEach(c -> sb.append(c.helpLine()));
        }
        trailer.forEach(c -> sb.append(c.helpLine()));
        return sb.toString();
    }

    /** How many leading words of {@code args} equal the command's keywords. */
    private static int sharedWords(CliCommand c, List<String> args) {
        int n = 0;
        while (n < c.keywords().size() && n < args.size() && c.keywords().get(n).equals(args.get(n))) {
            n++;
        }
        return n;
    }

    /** The commands whose words after the {@code length} shared ones look most like the rest of {@code args}. */
    private List<CliCommand> closest(List<String> args, int length) {
        List<String> typed = args.subList(length, Math.min(args.size(), MAX_KEYWORDS));
        Fingerprint typedPrint = Fingerprint.of(typed);
        int typedLength = typed.stream().mapToInt(String::length).sum();
        List<CliCommand> best = new ArrayList<>();
        List<Integer> distances = new ArrayList<>();
        for (CliCommand c : commands) {
            if (sharedWords(c, args) < length) {
                continue;
            }
            List<String> rest = c.keywords().subList(Math.min(length, c.keywords().size()),
                    Math.min(c.keywords().size(), MAX_KEYWORDS));
            int total = typedLength + rest.stream().mapToInt(String::length).sum();
            int distance = typedPrint.distance(Fingerprint.of(rest));
            if (distance >= 5 * total / 2) {
                continue;
            }
            int at = 0;
            while (at < distances.size() && distances.get(at) <= distance) {
                at++;
            }
            if (at < MAX_MATCHES) {
                best.add(at, c);
                distances.add(at, distance);
                if (best.size() > MAX_MATCHES) {
                    best.remove(MAX_MATCHES);
                    distances.remove(MAX_MATCHES);
                }
            }
        }
        List<CliCommand> close = new ArrayList<>();
        for (int i = 0; i < best.size() && distances.get(i) <= 5 * distances.get(0) / 2; i++) {
            close.add(best.get(i));
        }
        // Listed in the table's order, not by distance, as HAProxy lists them.
        return commands.stream().filter(close::contains).toList();
    }
}
