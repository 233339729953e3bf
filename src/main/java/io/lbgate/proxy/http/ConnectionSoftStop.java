package io.lbgate.proxy.http;

import io.lbgate.proxy.SoftStop;

import java.util.concurrent.TimeUnit;

/**
 * How a client connection answers {@link SoftStop} (a stop or a reload): it closes between
 * requests, never while the client may be sending one. A request whose response has not started
 * gets {@code Connection: close} and is the last. A response already on its way (without that
 * header) is let finish, and the connection looked at again: the client's next request is then the
 * last. An idle connection closes once silent for {@link SoftStop#QUIET_MILLIS}: a keep-alive client
 * under load sends its next request right after a response, and closing in that moment would reset
 * a request already on the wire. Runs on the connection's event loop.
 */
final class ConnectionSoftStop {
    private ConnectionSoftStop() {
    }

    static void ask(FrontendConnection connection) {
        if (over(connection)) {
            return;
        }
        Exchange ex = connection.exchange();
        if (ex != null && ex.responseState == Exchange.ResponseState.WAITING) {
            ex.closeClientAfter = true;
            return;
        }
        long askedNanos = System.nanoTime();
        connection.loop().schedule(() -> {
            if (over(connection)) {
                return;
            }
            if (connection.state() == FrontendConnection.State.IDLE && !connection.requestBegun()
                    && connection.lastClientActivityNanos() - askedNanos < 0) {
                connection.closeClient();
            } else {
                ask(connection);
            }
        }, SoftStop.QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static boolean over(FrontendConnection connection) {
        FrontendConnection.State state = connection.state();
        return state == FrontendConnection.State.CLOSING || state == FrontendConnection.State.TUNNEL;
    }
}
