package io.lbgate.pair;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyScriptTest {

    @Test
    void theScriptIsOnTheClassPathAsAPosixShellScript() throws Exception {
        try (InputStream in = NotifyScript.class.getResourceAsStream(NotifyScript.RESOURCE)) {
            assertThat(in).isNotNull();
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script).startsWith("#!/bin/sh\n").contains("/lbgate/vrrp").doesNotContain("bash");
        }
    }
}
