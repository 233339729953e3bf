package io.lbgate.runtime;

import io.lbgate.admin.AdminService;
import io.lbgate.config.GatewayConfig;
import io.lbgate.registry.Registry;

import java.time.Clock;
import java.time.Instant;

/**
 * What the commands read and act on: the registry (through {@link AdminService} for every change,
 * so that the stats page's audit log sees them), the loaded configuration, a clock and the start
 * time for {@code show info}.
 */
record ApiServices(Registry registry, GatewayConfig config, AdminService admin, Clock clock, Instant started) {
}
