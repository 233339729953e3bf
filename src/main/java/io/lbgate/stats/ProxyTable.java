package io.lbgate.stats;

import java.util.List;

/** The rows of one proxy on the stats page: its frontend row, its server rows, its backend row. */
public record ProxyTable(String name, List<StatsRow> rows) {
    public ProxyTable {
        rows = List.copyOf(rows);
    }
}
