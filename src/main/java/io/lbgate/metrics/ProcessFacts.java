package io.lbgate.metrics;

/**
 * The process-wide values of the exposition that are not in the stats rows.
 *
 * @param startMillis    when the JVM started (epoch milliseconds)
 * @param nowMillis      the moment the exposition describes
 * @param maxConnections the global {@code maxconn}; 0 when not configured (lbgate then sets no
 *                       limit, and the family is left out rather than showing a limit that is not there)
 */
record ProcessFacts(long startMillis, long nowMillis, int maxConnections) {
}
