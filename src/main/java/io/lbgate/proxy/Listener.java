package io.lbgate.proxy;

import io.lbgate.config.BindAddress;
import io.netty.channel.Channel;
import io.netty.channel.socket.ServerSocketChannel;

/**
 * One listening socket and the frontend that its connections go to now. The socket outlives the
 * frontend: a reload hands it to the new configuration's frontend, so the port never stops
 * listening and no connection waiting in its backlog is lost (closing a socket, even with a second
 * one on the port through SO_REUSEPORT, resets the connections still in its accept queue).
 */
public final class Listener {
    /** Set once bound, before anything is accepted (the socket starts with auto-read off). */
    private Channel channel;
    private volatile Acceptor acceptor;
    private AcceptGate gate; // guarded by this

    /** What the configuration asks ({@code bind ... transparent}), whatever the process was allowed. */
    private boolean transparent; // guarded by this

    Listener() {
    }

    synchronized void bound(Channel listening, boolean transparent) {
        this.channel = listening;
        this.transparent = transparent;
    }

    /**
     * A reload that adds or removes {@code transparent} on an address already listening: from now on
     * accepted connections get the new setting (binding a foreign address needs a new socket, so
     * adding it matters only for answering after the address moves away).
     */
    synchronized void transparent(BindAddress bind) {
        if (bind.transparent() == transparent) {
            return;
        }
        ServerSocketChannel socket = (ServerSocketChannel) channel;
        if (bind.transparent()) {
            ForeignAddress.apply(socket, bind.display()); // warns if it falls short
        } else {
            ForeignAddress.clear(socket);
        }
        transparent = bind.transparent();
    }

    /** What a frontend does with each connection a listening socket accepts, on the connection's loop. */
    @FunctionalInterface
    public interface Acceptor {
        /** Sets up {@code connection}'s pipeline; nothing has been read from it yet. */
        void accepted(Channel connection);
    }

    /**
     * From now on, accepted connections go to {@code next}, and {@code gate} (its frontend's
     * {@code maxconn}) may pause accepting. A connection accepted a moment earlier whose pipeline is
     * not set up yet also goes to {@code next}.
     */
    public synchronized void handTo(Acceptor next, AcceptGate nextGate) {
        if (gate != null) {
            gate.removeListener(channel);
        }
        acceptor = next;
        gate = nextGate;
        nextGate.addListener(channel);
        channel.config().setAutoRead(true);
    }

    /**
     * The frontend whose gate is {@code leaving} gives the socket up: if nobody took it over, it stops
     * accepting (connections wait in the backlog until the socket is handed on or closed).
     */
    public synchronized void leave(AcceptGate leaving) {
        if (gate != leaving) {
            return; // already handed to the next frontend
        }
        gate.removeListener(channel);
        gate = null;
        acceptor = null;
        channel.config().setAutoRead(false);
    }

    void accepted(Channel connection) {
        Acceptor current = acceptor;
        if (current == null) {
            connection.close(); // only between a stop's close of the sockets and the close itself
            return;
        }
        Allocation.apply(connection);
        current.accepted(connection);
    }

    synchronized Channel channel() {
        return channel;
    }
}
