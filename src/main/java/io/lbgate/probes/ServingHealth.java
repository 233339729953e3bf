package io.lbgate.probes;

import io.lbgate.dataplane.DataPlane;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this process takes traffic ({@link DataPlane#serving()}: every frontend bound and no stop
 * begun). It is the member of the readiness group that Kubernetes, keepalived's {@code vrrp_script}
 * and the container's health check ask, so that a stopping gateway leaves the rotation before its
 * listeners close.
 */
final class ServingHealth implements HealthIndicator {
    private final DataPlane dataPlane;

    ServingHealth(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    @Override
    public Health health() {
        return dataPlane.serving() ? Health.up().build() : Health.outOfService().build();
    }
}
