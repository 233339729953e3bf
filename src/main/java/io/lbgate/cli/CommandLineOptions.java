package io.lbgate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the command line asked for, in HAProxy's words: {@code -f FILE} (repeatable), {@code -c}
 * to check and exit, {@code -q} to keep {@code -c} quiet, {@code -v} for the version, {@code -L <name>}
 * for this node's peer name (passed on as {@code --lbgate.peers.local-peer}). Arguments
 * starting with {@code --} are Spring Boot's and pass through untouched.
 *
 * @param files      configuration files or directories, in the order given
 * @param check      check the configuration and exit
 * @param quiet      print nothing on success
 * @param version    print the version and exit
 * @param springArgs the arguments left for Spring Boot
 */
record CommandLineOptions(List<Path> files, boolean check, boolean quiet, boolean version, List<String> springArgs) {

    CommandLineOptions {
        files = List.copyOf(files);
        springArgs = List.copyOf(springArgs);
    }

    static CommandLineOptions parse(String... args) {
        List<Path> files = new ArrayList<>();
        List<String> spring = new ArrayList<>();
        boolean check = false;
        boolean quiet = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-f" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException("-f requires a configuration file or directory");
                    }
                    files.add(Path.of(args[++i]));
                }
                case "-L" -> {
                    // HAProxy's local peer name; it wins over 'localpeer' (docs/peers.md).
                    if (i + 1 >= args.length) {
                        throw new UsageException("-L requires a peer name");
                    }
                    spring.add("--lbgate.peers.local-peer=" + args[++i]);
                }
                case "-c" -> check = true;
                case "-q" -> quiet = true;
                case "-v", "-vv", "--version" -> version = true;
                default -> {
                    if (!arg.startsWith("--")) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    spring.add(arg);
                }
            }
        }
        if (check && files.isEmpty()) {
            throw new UsageException("-c requires at least one -f FILE");
        }
        return new CommandLineOptions(files, check, quiet, version, spring);
    }

    /** The command line cannot be understood; the message says why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
