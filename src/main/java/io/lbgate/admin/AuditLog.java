package io.lbgate.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every admin action, kept in memory for the stats page (the most recent {@code capacity}) and
 * written to the SLF4J logger {@code lbgate.audit}, which an operator routes to a file or syslog
 * to keep it longer than the process lives.
 */
public final class AuditLog {
    public static final int DEFAULT_CAPACITY = 200;
    private static final Logger log = LoggerFactory.getLogger("lbgate.audit");

    private final int capacity;
    private final Deque<AuditEntry> entries = new ArrayDeque<>();

    public AuditLog() {
        this(DEFAULT_CAPACITY);
    }

    public AuditLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
    }

    public void record(AuditEntry entry) {
        // Values are quoted so that a name with spaces or '=' cannot forge another field in the line.
        log.info("time={} user=\"{}\" address={} action=\"{}\" backend=\"{}\" server=\"{}\" result=\"{}\"",
                entry.time(), clean(entry.user()), entry.address(), clean(entry.action()),
                clean(entry.backend()), clean(entry.server()), clean(entry.result()));
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > capacity) {
                entries.removeLast();
            }
        }
    }

    /** The kept entries, newest first. */
    public List<AuditEntry> entries() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    /** No line breaks or bare quotes in a log line, whatever a server name contains. */
    private static String clean(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }
}
