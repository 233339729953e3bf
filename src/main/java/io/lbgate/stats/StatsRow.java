package io.lbgate.stats;

/**
 * One row of the stats page, as HAProxy draws it: a frontend, a server or a backend line.
 * Values are formatted once here so that the template only places them.
 */
public record StatsRow(
        Type type,
        String name,
        String status,
        long currentSessions,
        long maxSessions,
        long totalSessions,
        long bytesIn,
        long bytesOut,
        String lastCheck,
        String weight,
        String active,
        String backup,
        String cssClass) {

    public enum Type { FRONTEND, SERVER, BACKEND }
}
