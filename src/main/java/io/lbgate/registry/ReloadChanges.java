package io.lbgate.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a reload changed among the servers, as {@code backend/server} names.
 *
 * @param added   servers the new configuration has and the previous did not
 * @param removed servers the previous configuration had and the new one does not
 * @param kept    servers in both, which kept their state
 */
public record ReloadChanges(List<String> added, List<String> removed, List<String> kept) {
    public ReloadChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }

    static ReloadChanges between(Map<String, Backend> before, Map<String, Backend> after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Backend b : after.values()) {
            Backend old = before.get(b.name());
            for (Server s : b.servers()) {
                boolean existed = old != null && old.server(s.name()).isPresent();
                (existed ? kept : added).add(s.toString());
            }
        }
        for (Backend b : before.values()) {
            Backend now = after.get(b.name());
            for (Server s : b.servers()) {
                if (now == null || now.server(s.name()).isEmpty()) {
                    removed.add(s.toString());
                }
            }
        }
        return new ReloadChanges(added, removed, kept);
    }
}
