package io.lbgate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * lbgate's Spring application: what the control plane and the data plane's beans are built from. The
 * process starts in the command line's {@code Main}, which reads the command line first.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LbgateApplication {
}
