package io.lbgate.peers;

import io.lbgate.admin.AdminService;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.PeersConfig;
import io.lbgate.registry.Registry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The peer link, when haproxy.cfg has a {@code peers} section naming this node and a shared secret
 * is set. Anything missing is one clear log line at start and no link: the node serves traffic as
 * a single gateway. Properties: {@code lbgate.peers.secret} (or {@code LBGATE_PEERS_SECRET}),
 * {@code lbgate.peers.secret-file}, {@code lbgate.peers.local-peer} (what {@code -L} sets).
 */
@Configuration(proxyBeanMethods = false)
class PeersBeans {
    private static final Logger log = LoggerFactory.getLogger(PeersBeans.class);

    @Bean
    Peers peers(LoadedConfig loaded, Environment env, Registry registry, AdminService admin) {
        PeersConfig config = loaded.config().peers();
        if (config.sections().isEmpty()) {
            return Peers.NONE;
        }
        String node = config.nodeName(env.getProperty("lbgate.peers.local-peer"));
        Optional<PeersConfig.Section> section = config.sectionFor(node);
        if (section.isEmpty()) {
            log.error("Peers: no enabled 'peers' section names this node '{}' (sections: {}); set 'localpeer' in"
                    + " 'global' or -L to one of its peer names. Admin state is not shared; traffic is not affected",
                    node, config.sections().stream().map(s -> s.name() + " " + s.peers().stream()
                            .map(PeersConfig.Peer::name).toList()).toList());
            return Peers.NONE;
        }
        PeerSecret secret;
        try {
            secret = PeerSecret.of(env.getProperty("lbgate.peers.secret"), env.getProperty("lbgate.peers.secret-file"));
        } catch (IllegalArgumentException e) {
            log.error("Peers section '{}': {}. Admin state is not shared; traffic is not affected",
                    section.get().name(), e.getMessage());
            return Peers.NONE;
        }
        PeerSettings settings = PeerSettings.of(node, section.get(), secret, PeerTimings.DEFAULT);
        SharedAdminState state = new SharedAdminState(node, new HybridClock(Clock.systemUTC()));
        AdminSync sync = new AdminSync(registry, admin, state);
        PeerLinks links = new PeerLinks(settings, state, sync::apply, Clock.systemUTC());
        sync.attach(links);
        registry.onReload(changes -> sync.reloaded(changes.added()));
        return new Peers(links);
    }

    /** Started and stopped with the context, on its own thread. */
    @Bean
    PeersLifecycle peersLifecycle(Peers peers) {
        return new PeersLifecycle(peers);
    }

    /** A lifecycle bean even without peers, so that the context's shape does not depend on the file. */
    static final class PeersLifecycle implements org.springframework.context.SmartLifecycle {
        private final Peers peers;
        private volatile boolean running;

        PeersLifecycle(Peers peers) {
            this.peers = peers;
        }

        @Override
        public void start() {
            peers.links().ifPresent(PeerLinks::start);
            running = true;
        }

        @Override
        public void stop() {
            peers.links().ifPresent(PeerLinks::stop);
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /**
         * Before the runtime API (and, on a start without haproxy.cfg, the data plane): a starting
         * node takes its peer's state before it reports ready (bounded, see PeerLinks#start), and
         * stops sharing only after they stopped.
         */
        @Override
        public int getPhase() {
            return DEFAULT_PHASE - 2;
        }
    }
}
