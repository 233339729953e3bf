package io.lbgate.registry;

import static io.lbgate.registry.AdminState.DRAIN;
import static io.lbgate.registry.AdminState.MAINT;
import static io.lbgate.registry.AdminState.READY;
import static io.lbgate.registry.OperationalState.RUNNING;
import static io.lbgate.registry.OperationalState.STOPPED;
import static io.lbgate.registry.OperationalState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status strings of docs/haproxy-behaviour.md, "Health checks", for rise 2 fall 3 (health 0..4). */
class StatusTest {

    @Test
    void statusStrings() {
        assertThat(Server.status(READY, RUNNING, true, 4, 2, 3)).isEqualTo("UP");
        assertThat(Server.status(READY, RUNNING, true, 3, 2, 3)).isEqualTo("UP 2/3");
        assertThat(Server.status(READY, RUNNING, true, 2, 2, 3)).isEqualTo("UP 1/3");
        assertThat(Server.status(READY, STOPPED, true, 0, 2, 3)).isEqualTo("DOWN");
        assertThat(Server.status(READY, STOPPED, true, 1, 2, 3)).isEqualTo("DOWN 1/2");
        assertThat(Server.status(READY, STOPPING, true, 4, 2, 3)).isEqualTo("NOLB");
        assertThat(Server.status(READY, STOPPING, true, 3, 2, 3)).isEqualTo("NOLB 2/3");
        assertThat(Server.status(DRAIN, RUNNING, true, 4, 2, 3)).isEqualTo("DRAIN");
        assertThat(Server.status(DRAIN, RUNNING, true, 3, 2, 3)).isEqualTo("DRAIN 2/3");
        assertThat(Server.status(DRAIN, STOPPED, true, 0, 2, 3)).isEqualTo("DOWN");
        assertThat(Server.status(MAINT, STOPPED, true, 0, 2, 3)).isEqualTo("MAINT");
        assertThat(Server.status(READY, RUNNING, false, 2, 2, 3)).isEqualTo("no check");
        assertThat(Server.status(DRAIN, RUNNING, false, 2, 2, 3)).isEqualTo("DRAIN");
    }
}
