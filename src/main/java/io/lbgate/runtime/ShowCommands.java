package io.lbgate.runtime;

import io.lbgate.config.ApiLevel;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.stats.StatsExport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code show backend}, {@code show env} and {@code show stat}. */
final class ShowCommands {
    static final String NO_SUCH_PROXY = "No such proxy.\n";

    private ShowCommands() {
    }

    static String backends(CliRequest request) {
        StringBuilder sb = new StringBuilder("# name\n");
        for (Backend b : request.services().registry().backends()) {
            sb.append(b.name()).append('\n');
        }
        return sb.toString();
    }

    /** {@code show env [<name>]}: the process environment, sorted (the JVM keeps no order). */
    static String env(CliRequest request) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        String name = request.arg(2);
        if (!name.isEmpty()) {
            String value = env.get(name);
            return value == null ? "Variable not found\n" : name + "=" + value + "\n";
        }
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /**
     * {@code show stat [domain proxy] [{<iid>|<proxy>} <type> <sid>] [typed|json] [desc] [up|no-maint]},
     * read as HAProxy 2.6 reads it: the three filter words only when all three are there, a proxy
     * that is neither a name nor a number is {@code No such proxy.}, {@code -1} means all.
     */
    static String stat(CliRequest request) {
        List<String> words = request.words();
        int at = 2;
        if (request.arg(at).equals("domain")) {
            at += 2;
        }
        int iid = -1;
        int types = -1;
        int sid = -1;
        if (!request.arg(at).isEmpty() && !request.arg(at + 1).isEmpty() && !request.arg(at + 2).isEmpty()) {
            iid = proxyId(request, request.arg(at));
            if (iid == 0) {
                return NO_SUCH_PROXY;
            }
            types = atoi(request.arg(at + 1));
            sid = atoi(request.arg(at + 2));
            at += 3;
        }
        StatsExport.Format format = StatsExport.Format.CSV;
        boolean up = false;
        boolean noMaint = false;
        for (String option : words.subList(Math.min(at, words.size()), words.size())) {
            switch (option) {
                case "typed" -> format = StatsExport.Format.TYPED;
                case "json" -> format = StatsExport.Format.JSON;
                case "up" -> up = true;
                case "no-maint" -> noMaint = true;
                default -> {
                    // 'desc' and unknown words are ignored, as in HAProxy.
                }
            }
        }
        StatsExport.Request filter = new StatsExport.Request(iid, types, sid, up, noMaint,
                request.allows(ApiLevel.OPERATOR));
        ApiServices s = request.services();
        String dump = StatsExport.write(s.registry(), s.config(), s.clock(), filter, format);
        return format == StatsExport.Format.JSON ? dump + "\n" : dump;
    }

    /** A proxy name gives its id; otherwise the number C's {@code atoi} reads (0 for none). */
    private static int proxyId(CliRequest request, String word) {
        for (Frontend f : request.services().registry().frontends()) {
            if (f.name().equals(word)) {
                return f.iid();
            }
        }
        for (Backend b : request.services().registry().backends()) {
            if (b.name().equals(word)) {
                return b.iid();
            }
        }
        return atoi(word);
    }

    /** C's {@code atoi}: leading sign and digits, 0 when there are none. */
    static int atoi(String word) {
        int end = 0;
        if (end < word.length() && (word.charAt(end) == '-' || word.charAt(end) == '+')) {
            end++;
        }
        while (end < word.length() && Character.isDigit(word.charAt(end)) && end < 10) {
            end++;
        }
        try {
            return Integer.parseInt(word.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
