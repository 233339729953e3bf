package io.lbgate.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A posted admin form, read as HAProxy reads it: {@code s} may repeat (one per checked server),
 * the last {@code action}, {@code b} and {@code weight} win.
 *
 * @param servers the server names, in posted order
 * @param action  the raw action value, {@code null} when none was posted
 * @param backend the raw backend reference ({@code #3} or a name), {@code null} when none
 * @param weight  the raw weight, {@code null} when none
 */
public record AdminForm(List<String> servers, String action, String backend, String weight) {
    public AdminForm {
        servers = List.copyOf(servers);
    }

    /** Parses an {@code application/x-www-form-urlencoded} body; malformed pairs are skipped. */
    public static AdminForm parse(String body) {
        List<String> servers = new ArrayList<>();
        String action = null;
        String backend = null;
        String weight = null;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq);
            String value;
            try {
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            switch (key) {
                case "s" -> servers.add(value);
                case "action" -> action = value;
                case "b" -> backend = value;
                case "weight" -> weight = value;
                default -> {
                    // HAProxy ignores other fields; so do we.
                }
            }
        }
        return new AdminForm(servers, action, backend, weight);
    }
}
