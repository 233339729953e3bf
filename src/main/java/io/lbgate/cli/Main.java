package io.lbgate.cli;

import io.lbgate.proxy.Allocation;

/**
 * The process entry point ({@code java -jar lbgate.jar ...}): the command line decides, as for
 * {@code haproxy}, whether to check a configuration and exit or to start the gateway; a started
 * gateway then answers the process signals (reload, soft stop).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NettyFlightRecorder.configureProcess(); // before any Netty class loads: Netty reads it once
        Allocation.configureProcess(); // before any Netty class loads: Reactor Netty reads it once
        EarlyLogging.configureProcess(); // before anything logs
        Launcher.Outcome outcome = Launcher.forProcess(System.out, System.err).run(args);
        if (!outcome.started()) {
            System.exit(outcome.exitStatus());
        }
    }
}
