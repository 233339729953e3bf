package io.lbgate.health;

import io.lbgate.registry.CheckResult;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.regex.Pattern;

/**
 * Socket errors worded as HAProxy words them: {@code strerror()} text such as
 * {@code Connection refused}, without the decorations Netty adds ({@code finishConnect(..) failed with error(-111): },
 * {@code : /127.0.0.1:8080}).
 */
final class CheckErrors {
    /**
     * {@code finishConnect(..) failed with error(-111): } (epoll), {@code io_uring connect(..) failed
     * with error(-111): } (io_uring) or {@code connect(..) failed: }.
     */
    private static final Pattern NATIVE_PREFIX =
            Pattern.compile("^(?:io_uring )?\\S+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

    private CheckErrors() {
    }

    /** The connect did not succeed: {@code L4CON} with the reason (refused, unreachable). */
    static CheckResult connectFailure(Throwable cause, long durationMillis) {
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof SocketException) {
            return CheckResult.failed("L4CON", 0, durationMillis, text(cause));
        }
        return CheckResult.failed("SOCKERR", 0, durationMillis, text(cause));
    }

    /**
     * An error once connected (observed on 2.6.12: a server that resets the check connection gives
     * {@code Socket error, info: "Connection reset by peer"}).
     */
    static CheckResult socketError(Throwable cause, long durationMillis) {
        return CheckResult.failed("SOCKERR", 0, durationMillis, text(cause));
    }

    static String text(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return "";
        }
        message = NATIVE_PREFIX.matcher(message).replaceFirst("");
        int address = message.indexOf(": /");
        if (address >= 0) {
            message = message.substring(0, address);
        }
        return message.trim();
    }
}
