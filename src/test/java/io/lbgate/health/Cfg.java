package io.lbgate.health;

import io.lbgate.balance.Balancers;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Registries from inline haproxy.cfg text, as HAProxy's reg-tests write their configurations. */
final class Cfg {
    private Cfg() {
    }

    static Registry registry(String text) {
        return registry(text, Clock.systemUTC());
    }

    static Registry registry(String text, Clock clock) {
        try {
            Path dir = Files.createTempDirectory("lbgate-health");
            Path file = Files.writeString(dir.resolve("haproxy.cfg"), text);
            try {
                return Registry.from(HaproxyConfigReader.read(List.of(file)).config(), clock, Balancers::create);
            } finally {
                Files.delete(file);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
