package io.lbgate.stats;

import java.util.List;

/** One proxy's rows in display order: its FRONTEND row, its servers, its BACKEND row. */
record ProxyStats(String name, int iid, boolean hasBackend, List<StatRow> rows) {
    ProxyStats {
        rows = List.copyOf(rows);
    }
}
