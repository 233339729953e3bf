package io.lbgate.proxy;

import io.lbgate.config.BindAddress;

/** A frontend could not listen on one of its addresses (in use, not local, not permitted). */
public final class BindFailedException extends RuntimeException {
    private final String frontend;
    private final BindAddress address;

    public BindFailedException(String frontend, BindAddress address, Throwable cause) {
        super("Frontend '" + frontend + "' cannot bind " + address.display() + ": " + rootMessage(cause), cause);
        this.frontend = frontend;
        this.address = address;
    }

    public String frontend() {
        return frontend;
    }

    public BindAddress address() {
        return address;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
