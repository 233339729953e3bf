package io.lbgate.pair;

import java.io.IOException;
import java.io.InputStream;

/**
 * Prints keepalived's notify script for lbgate ({@code lbgate-vrrp-notify}, a POSIX sh script kept
 * in the jar) to standard output, so that it can be installed from the container image, which has
 * no shell tools to unpack a jar:
 *
 * <pre>
 * docker run --rm --entrypoint java lbgate -cp /opt/lbgate/lbgate.jar io.lbgate.pair.NotifyScript \
 *     &gt; /usr/local/sbin/lbgate-vrrp-notify
 * </pre>
 */
public final class NotifyScript {
    static final String RESOURCE = "/lbgate-vrrp-notify";

    private NotifyScript() {
    }

    public static void main(String[] args) throws IOException {
        try (InputStream script = NotifyScript.class.getResourceAsStream(RESOURCE)) {
            if (script == null) {
                // A command-line tool whose standard output is the script itself (redirected into a
                // file by the operator): no logging system is started, and the one error goes to
                // standard error so that it can never end up inside the script.
                System.err.println("lbgate-vrrp-notify is missing from the class path");
                System.exit(1);
                return;
            }
            script.transferTo(System.out);
        }
        System.out.flush();
    }
}
