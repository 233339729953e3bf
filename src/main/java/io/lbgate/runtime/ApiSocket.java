package io.lbgate.runtime;

import io.lbgate.config.StatsSocket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

/**
 * Opens one {@code stats socket}. A UNIX socket is bound under a temporary name, given its mode,
 * owner and group, then renamed over the configured path, as HAProxy does: a client never finds
 * the file with the wrong permissions, and a stale file left by a killed process is replaced.
 */
final class ApiSocket {
    private final StatsSocket socket;
    private Channel server;

    private ApiSocket(StatsSocket socket) {
        this.socket = socket;
    }

    static ApiSocket open(StatsSocket socket, EventLoopGroup loop, ApiConnections connections,
                          ChannelInitializer<Channel> clients) {
        ApiSocket api = new ApiSocket(socket);
        try {
            api.bind(loop, connections, clients);
        } catch (IOException | RuntimeException e) {
            api.close();
            throw new ApiBindException(socket.display(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiBindException(socket.display(), e);
        }
        return api;
    }

    private void bind(EventLoopGroup loop, ApiConnections connections, ChannelInitializer<Channel> clients)
            throws IOException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(loop).handler(connections).childHandler(clients);
        if (socket.path() == null) {
            server = b.channel(NioServerSocketChannel.class).option(ChannelOption.SO_REUSEADDR, true)
                    .bind(new InetSocketAddress(socket.tcp().host(), socket.tcp().port())).sync().channel();
            connections.listening(server);
            return;
        }
        Path path = Path.of(socket.path());
        Path temporary = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        server = b.channel(NioServerDomainSocketChannel.class)
                .bind(UnixDomainSocketAddress.of(temporary)).sync().channel();
        connections.listening(server);
        if (socket.mode() >= 0) {
            Files.setPosixFilePermissions(temporary, permissions(socket.mode()));
        }
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        if (socket.user() != null) {
            Files.setOwner(temporary, users.lookupPrincipalByName(socket.user()));
        }
        if (socket.group() != null) {
            Files.getFileAttributeView(temporary, PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName(socket.group()));
        }
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stops listening; a UNIX socket's file is removed, so no client connects to a dead path. */
    void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
            if (socket.path() != null) {
                try {
                    Files.deleteIfExists(Path.of(socket.path()));
                } catch (IOException e) {
                    // Nothing listens on it any more; a later start replaces it.
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
