package io.lbgate.stats;

import java.util.List;

/**
 * One proxy's block on the page.
 *
 * @param name       the proxy name (also its anchor)
 * @param backendRef the admin form's {@code b} value, {@code #<iid>}
 * @param hasServers whether the admin form is drawn (HAProxy draws it only for backends with servers)
 * @param rows       frontend, servers, backend
 */
public record PageProxy(String name, String backendRef, boolean hasServers, List<PageRow> rows) {
    public PageProxy {
        rows = List.copyOf(rows);
    }

    /** The id of the proxy's admin form; its checkboxes join it with {@code form=}. */
    public String formId() {
        return "f-" + backendRef.substring(1);
    }
}
