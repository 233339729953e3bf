package io.lbgate.stats;

import io.lbgate.stats.PageRow.Cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.lbgate.stats.StatField.*;

/**
 * Formats {@link StatRow}s into the page's cells as HAProxy 2.6 draws them: {@code -} for "no
 * limit", {@code 3s UP} statuses, {@code L4OK in 0ms} with the check description as tooltip,
 * {@code 1/1} weights, {@code Y}/{@code -} for active and backup.
 */
final class PageRows {
    private PageRows() {
    }

    static PageRow of(StatRow row) {
        return switch (row.kind()) {
            case FRONTEND -> frontend(row);
            case SERVER -> server(row);
            case BACKEND -> backend(row);
        };
    }

    static String id(StatRow row) {
        return "r-" + row.text(IID) + "-" + row.kind().letter() + "-" + row.text(SID);
    }

    private static PageRow frontend(StatRow r) {
        List<Cell> c = new ArrayList<>(30);
        blanks(c, 3);
        add(c, r.text(RATE), r.text(RATE_MAX), limit(r.get(RATE_LIM)));
        add(c, r.text(SCUR), r.text(SMAX), limit(r.get(SLIM)), r.text(STOT), "", "");
        add(c, r.text(BIN), r.text(BOUT), r.text(DREQ), r.text(DRESP), r.text(EREQ), "", "", "", "");
        add(c, "OPEN");
        blanks(c, 8);
        return new PageRow(id(r), "frontend", "Frontend", "frontend", "OPEN", c);
    }

    private static PageRow server(StatRow r) {
        List<Cell> c = new ArrayList<>(30);
        add(c, r.text(QCUR), r.text(QMAX), limit(r.get(QLIMIT)));
        add(c, r.text(RATE), r.text(RATE_MAX), "");
        add(c, r.text(SCUR), r.text(SMAX), limit(r.get(SLIM)), r.text(STOT), r.text(LBTOT), last(r));
        add(c, r.text(BIN), r.text(BOUT), "", r.text(DRESP), "", r.text(ECON), r.text(ERESP));
        add(c, r.text(WRETR), r.text(WREDIS));
        String status = r.text(STATUS);
        boolean checked = r.get(CHKFAIL) != null;
        c.add(Cell.of(status.equals("no check") ? "no check" : HumanTime.of(r.number(LASTCHG)) + " " + status
                + arrow(r, status)));
        c.add(lastCheck(r));
        add(c, r.text(WEIGHT) + "/" + r.text(UWEIGHT), r.number(ACT) == 1 ? "Y" : "-", r.number(BCK) == 1 ? "Y" : "-");
        if (checked) {
            c.add(new Cell(r.text(CHKFAIL), "Failed Health Checks"));
            add(c, r.text(CHKDOWN), HumanTime.of(r.number(DOWNTIME)));
        } else {
            blanks(c, 3);
        }
        add(c, r.get(THROTTLE) == null ? "-" : r.text(THROTTLE) + " %");
        return new PageRow(id(r), "server", r.name(), cssClass(r), status, c);
    }

    private static PageRow backend(StatRow r) {
        List<Cell> c = new ArrayList<>(30);
        add(c, r.text(QCUR), r.text(QMAX), "");
        add(c, r.text(RATE), r.text(RATE_MAX), "");
        add(c, r.text(SCUR), r.text(SMAX), limit(r.get(SLIM)), r.text(STOT), r.text(LBTOT), last(r));
        add(c, r.text(BIN), r.text(BOUT), r.text(DREQ), r.text(DRESP), "", r.text(ECON), r.text(ERESP));
        add(c, r.text(WRETR), r.text(WREDIS));
        String status = r.text(STATUS);
        add(c, HumanTime.of(r.number(LASTCHG)) + " " + status, "");
        add(c, r.text(WEIGHT) + "/" + r.text(UWEIGHT), r.text(ACT), r.text(BCK), "", r.text(CHKDOWN));
        add(c, r.get(DOWNTIME) == null ? "" : HumanTime.of(r.number(DOWNTIME)), "");
        return new PageRow(id(r), "backend", "Backend", "backend", status, c);
    }

    /** {@code ↑} when down but recovering, {@code ↓} when up but failing, as HAProxy's arrows. */
    private static String arrow(StatRow r, String status) {
        if (status.startsWith("DOWN ")) {
            return " \u2191";
        }
        if (status.matches("(UP|DRAIN|NOLB) \\d+/\\d+")) {
            return " \u2193";
        }
        return "";
    }

    private static Cell lastCheck(StatRow r) {
        String status = r.get(CHECK_STATUS);
        if (status == null) {
            return Cell.of("");
        }
        String text = status;
        if (r.get(CHECK_CODE) != null) {
            text += "/" + r.text(CHECK_CODE);
        }
        if (r.get(CHECK_DURATION) != null) {
            text += " in " + r.text(CHECK_DURATION) + "ms";
        }
        String title = r.text(CHECK_DESC);
        if (!r.text(LAST_CHK).isEmpty()) {
            title += ": " + r.text(LAST_CHK);
        }
        return new Cell(text, title);
    }

    /** HAProxy's server row classes, chosen from the status string and the weight. */
    static String cssClass(StatRow r) {
        String status = r.text(STATUS).toUpperCase(Locale.ROOT);
        String side = r.number(BCK) == 1 ? "backup" : "active";
        if (status.startsWith("MAINT")) {
            return "maintain";
        }
        if (status.startsWith("DRAIN") || status.startsWith("NOLB")) {
            return side + "_draining";
        }
        if (status.equals("NO CHECK")) {
            return r.number(WEIGHT) == 0 ? side + "_draining" : side + "_no_check";
        }
        if (status.startsWith("DOWN ")) {
            return side + "_going_up";
        }
        if (status.startsWith("DOWN")) {
            return side + "_down";
        }
        if (status.startsWith("UP ")) {
            return side + "_going_down";
        }
        return r.number(WEIGHT) == 0 ? side + "_draining" : side + "_up";
    }

    private static String last(StatRow r) {
        long last = r.number(LASTSESS);
        return last < 0 ? "?" : HumanTime.of(last);
    }

    private static String limit(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static void add(List<Cell> cells, String... texts) {
        for (String t : texts) {
            cells.add(Cell.of(t));
        }
    }

    private static void blanks(List<Cell> cells, int n) {
        for (int i = 0; i < n; i++) {
            cells.add(Cell.of(""));
        }
    }
}
