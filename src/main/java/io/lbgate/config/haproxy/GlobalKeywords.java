package io.lbgate.config.haproxy;

/** Handlers of the {@code global} section's keywords. */
final class GlobalKeywords {

    private GlobalKeywords() {
    }

    static void maxconn(Directive d) {
        Integer n = d.intArg(0);
        if (n != null) {
            d.global().maxconn = n;
        }
    }

    /**
     * Keywords about the Unix process (user, chroot, daemon, threads) have no meaning for a JVM that
     * a service manager starts; they are remembered and reported in one warning.
     */
    static void processKeyword(Directive d) {
        d.global().ignoredProcessKeywords.add(d.line());
    }
}
