package io.lbgate.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's idle keep-alive connections to one server; only that loop touches it. The most
 * recently returned connection is reused first. As in HAProxy, whose {@code pool-purge-delay} is
 * 5 s by default, idle connections do not stay open for ever: every 5 s, half of those that have
 * not been used since the previous purge are closed, the longest idle first (rounded up, so that
 * the last one goes too). Without it every client's first request, which opens a connection of its
 * own, would leave one more idle connection on the server until the server closed it.
 */
final class IdleConnections {
    static final long PURGE_DELAY_MILLIS = 5_000;

    private final EventLoop loop;
    private final int max;
    /** Oldest first. */
    private final ArrayDeque<Channel> channels = new ArrayDeque<>();
    /**
     * How many at the head of {@link #channels} have been idle since the previous purge (or since
     * the purge was scheduled): those are the ones the next purge may close.
     */
    private int idleSinceLastPurge;
    private ScheduledFuture<?> purge;

    IdleConnections(EventLoop loop, int max) {
        this.loop = loop;
        this.max = max;
    }

    /** The most recently returned connection that is still open, or {@code null}. */
    Channel take() {
        Channel channel;
        while ((channel = channels.pollLast()) != null) {
            idleSinceLastPurge = Math.min(idleSinceLastPurge, channels.size());
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** Keeps {@code channel} for reuse, or closes it when the pool is full. */
    void put(Channel channel) {
        if (channels.size() >= max || !channel.isActive()) {
            channel.close();
            return;
        }
        channels.addLast(channel);
        if (purge == null) {
            // What is idle now will have been idle for a whole delay when the purge runs.
            idleSinceLastPurge = channels.size();
            purge = loop.schedule(this::purge, PURGE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Forgets a connection the server closed while it was idle. */
    void remove(Channel channel) {
        int index = 0;
        for (Iterator<Channel> it = channels.iterator(); it.hasNext(); index++) {
            if (it.next() == channel) {
                it.remove();
                if (index < idleSinceLastPurge) {
                    idleSinceLastPurge--;
                }
                return;
            }
        }
    }

    private void purge() {
        purge = null;
        int close = (idleSinceLastPurge + 1) / 2;
        for (int i = 0; i < close; i++) {
            channels.pollFirst().close();
        }
        idleSinceLastPurge = channels.size();
        if (!channels.isEmpty()) {
            purge = loop.schedule(this::purge, PURGE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes every idle connection; on the loop. */
    void closeAll() {
        if (purge != null) {
            purge.cancel(false);
            purge = null;
        }
        Channel[] all = channels.toArray(new Channel[0]);
        channels.clear();
        idleSinceLastPurge = 0;
        for (Channel channel : all) {
            channel.close();
        }
    }
}
