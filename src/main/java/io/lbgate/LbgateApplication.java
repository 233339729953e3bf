package io.lbgate;

import io.lbgate.cli.Launcher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** lbgate: a load-balancing gateway that reads haproxy.cfg. See {@link Launcher} for the command line. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LbgateApplication {

    public static void main(String[] args) {
        Launcher.Outcome outcome = new Launcher(System.out, System.err).run(args);
        if (!outcome.started()) {
            System.exit(outcome.exitStatus());
        }
        Launcher.handleSignals(outcome);
    }
}
