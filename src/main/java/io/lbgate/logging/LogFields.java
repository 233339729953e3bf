package io.lbgate.logging;

import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The fields httplog and tcplog share, formatted as HAProxy 2.6 prints them (docs/haproxy-behaviour.md, "Logs"):
 * {@code %ci:%cp}, the accept date {@code [%t]}, the connection counts
 * {@code %ac/%fc/%bc/%sc/%rc} and a timer that is {@code -1} when the step never happened.
 */
public final class LogFields {
    /** English month abbreviations, as both HAProxy's log dates and RFC 3164 timestamps write them. */
    static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};

    private LogFields() {
    }

    /** {@code %ci:%cp}: {@code 127.0.0.1:41390}, IPv6 bare {@code ::1:52368}; {@code -:-} if unknown. */
    public static StringBuilder appendClient(StringBuilder b, InetSocketAddress client) {
        if (client == null || client.getAddress() == null) {
            return b.append("-:-");
        }
        return b.append(NetUtil.toAddressString(client.getAddress())).append(':').append(client.getPort());
    }

    /**
     * The start both log formats share: {@code %ci:%cp [%t] %ft %b/%s }, with {@code <NOSRV>} for a
     * {@code null} server.
     */
    public static StringBuilder appendHead(StringBuilder b, InetSocketAddress client, long epochMillis, ZoneId zone,
            String frontend, String backend, String server) {
        appendClient(b, client).append(' ');
        appendDate(b, epochMillis, zone).append(' ');
        return b.append(frontend).append(' ').append(backend).append('/')
                .append(server == null ? "<NOSRV>" : server).append(' ');
    }

    /** {@code [%t]}: {@code [28/Nov/2026:20:34:38.617]}, local time of {@code zone}. */
    public static StringBuilder appendDate(StringBuilder b, long epochMillis, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
        b.append('[');
        two(b, t.getDayOfMonth()).append('/').append(MONTHS[t.getMonthValue() - 1]).append('/')
                .append(t.getYear()).append(':');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append('.');
        int ms = t.getNano() / 1_000_000;
        return b.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms).append(']');
    }

    /**
     * {@code %ac/%fc/%bc/%sc/%rc}: process, frontend, backend, server connections when the line is
     * written, then retries with a {@code +} prefix when the session was redispatched.
     */
    public static StringBuilder appendConnections(StringBuilder b, long process, long frontend, long backend,
            long server, int retries, boolean redispatched) {
        b.append(process).append('/').append(frontend).append('/').append(backend).append('/').append(server)
                .append('/');
        return b.append(redispatched ? "+" : "").append(retries);
    }

    /** A duration in ms, or {@code -1} when that step never happened ({@code millis < 0}). */
    public static StringBuilder appendTimer(StringBuilder b, long millis) {
        return b.append(millis < 0 ? -1 : millis);
    }

    /** {@code value} in at least two digits. */
    static StringBuilder two(StringBuilder b, int value) {
        return b.append(value < 10 ? "0" : "").append(value);
    }
}
