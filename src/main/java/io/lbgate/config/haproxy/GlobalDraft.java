package io.lbgate.config.haproxy;

import io.lbgate.config.LogTarget;
import java.util.ArrayList;
import java.util.List;

/** The {@code global} section while it is being read. */
final class GlobalDraft {
    int maxconn;
    final List<LogTarget> logs = new ArrayList<>();
    String statsSocket;
    /** Lines of keywords accepted with a warning; reported once, see {@link KeywordTable}. */
    final List<Line> ignoredProcessKeywords = new ArrayList<>();
}
