package io.lbgate.runtime;

/** A runtime API socket could not be opened (path not writable, address in use, unknown owner). */
public final class ApiBindException extends RuntimeException {
    public ApiBindException(String socket, Throwable cause) {
        super("Runtime API socket '" + socket + "' cannot be opened: " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
