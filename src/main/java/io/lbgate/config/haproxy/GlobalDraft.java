package io.lbgate.config.haproxy;

import java.time.Duration;
import io.lbgate.config.LogTarget;
import io.lbgate.config.RuntimeApiSettings;
import io.lbgate.config.StatsSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code global} section while it is being read. */
final class GlobalDraft {
    int maxconn;
    /** {@code grace}; null when not written. */
    Duration grace;
    /** {@code hard-stop-after}; null when not written. */
    Duration hardStopAfter;
    /** {@code server-state-file}, as written; null when not set. */
    String serverStateFile;
    /** {@code server-state-base}, as written; null when not set. */
    String serverStateBase;
    final List<LogTarget> logs = new ArrayList<>();
    final List<StatsSocket> statsSockets = new ArrayList<>();
    Duration statsTimeout = RuntimeApiSettings.DEFAULT_TIMEOUT;
    int statsMaxconn = RuntimeApiSettings.DEFAULT_MAXCONN;
    /**
     * How many proxies the files declared before the first {@code stats socket} line; -1 without
     * one. HAProxy 2.6 creates its CLI proxy at that line and numbers it with the others (observed
     * on 2.6.12: with {@code global} first, the first proxy of the file gets id 2).
     */
    int cliProxyPosition = -1;
    /** Lines of keywords accepted with a warning; reported once, see {@link KeywordTable}. */
    final List<Line> ignoredProcessKeywords = new ArrayList<>();
    /** {@code localpeer}; null when not written. */
    String localPeer;
    /** A {@code peers} section was read already: a later {@code localpeer} is ignored, as in HAProxy. */
    boolean peersSeen;
}
