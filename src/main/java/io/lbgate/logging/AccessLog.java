package io.lbgate.logging;

import io.lbgate.config.LogTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Where one proxy's traffic log lines go: the SLF4J logger {@code lbgate.access} (level INFO) and
 * each syslog target of its {@code log} directives. Cheap to call from an event loop: the syslog
 * part never blocks (see {@link SyslogSender}), the SLF4J part is as fast as the configured
 * appender (use an async appender for heavy traffic).
 */
public final class AccessLog {
    /** The logger every traffic line is written to. */
    public static final Logger LOGGER = LoggerFactory.getLogger("lbgate.access");

    private final SyslogSender syslog;
    private final List<LogTarget> targets;

    /**
     * @param syslog  shared sender; may be {@code null} when there are no targets
     * @param targets the proxy's resolved {@code log} targets ({@code log global} already expanded)
     */
    public AccessLog(SyslogSender syslog, List<LogTarget> targets) {
        this.syslog = syslog;
        this.targets = List.copyOf(targets);
        if (syslog != null) {
            // Resolved now, while the frontend starts: a name lookup on an event loop would stall it.
            syslog.resolveAll(this.targets);
        }
    }

    public void log(String line) {
        LOGGER.info(line);
        if (syslog != null) {
            syslog.sendInfo(targets, line);
        }
    }
}
