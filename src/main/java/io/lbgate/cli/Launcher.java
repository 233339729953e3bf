package io.lbgate.cli;

import io.lbgate.config.ProblemPrinter;
import io.lbgate.Version;

import io.lbgate.LbgateApplication;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.config.ConfigSource;
import io.lbgate.lifecycle.GracefulStop;
import io.lbgate.lifecycle.ProcessSignals;
import io.lbgate.lifecycle.Reloader;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the command line into an action: check a haproxy.cfg and exit, or read it and start the
 * gateway on it, or start on the bundled application.yml when no {@code -f} is given. A bad
 * configuration never reaches Spring: its problems are printed as {@code haproxy -c} prints them
 * and the process exits 1, with no stack trace.
 */
public final class Launcher {
    private final PrintStream out;
    private final PrintStream err;
    private final ProblemPrinter printer;

    public Launcher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.printer = new ProblemPrinter(err, ProcessHandle.current().pid());
    }

    /**
     * What a command line ended in: an exit status, or a running gateway.
     *
     * @param exitStatus the status to exit with; meaningless when {@code context} is set
     * @param context    the running application, or {@code null} when nothing was started
     */
    public record Outcome(int exitStatus, ConfigurableApplicationContext context) {
        static Outcome exit(int status) {
            return new Outcome(status, null);
        }

        public boolean started() {
            return context != null;
        }
    }

    /** Runs the command line. */
    public Outcome run(String... args) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
        } catch (CommandLineOptions.UsageException e) {
            err.println("lbgate: " + e.getMessage());
            err.println("usage: lbgate [-c] [-q] [-v] [-f <cfgfile|cfgdir>]* [--spring.option=value]*");
            return Outcome.exit(1);
        }
        if (options.version()) {
            out.println("lbgate version " + Version.current());
            return Outcome.exit(0);
        }
        if (options.files().isEmpty()) {
            return start(null, ConfigSource.PROPERTIES, options.springArgs());
        }
        LoadedConfig loaded;
        try {
            loaded = HaproxyConfigReader.read(options.files());
        } catch (InvalidConfigException e) {
            reportInvalid(e, options);
            return Outcome.exit(1);
        }
        printer.print(loaded.warnings());
        if (options.check()) {
            if (!options.quiet()) {
                if (!loaded.warnings().isEmpty()) {
                    out.println("Warnings were found.");
                }
                out.println("Configuration file is valid");
            }
            return Outcome.exit(0);
        }
        return start(loaded, new ConfigSource(options.files()), options.springArgs());
    }

    /**
     * For the process's own command line only: SIGHUP reloads what was read at start, SIGTERM and
     * SIGUSR1 stop gracefully. A gateway started in-process (tests) leaves the JVM's signals alone.
     */
    public static void handleSignals(Outcome outcome) {
        if (outcome.started()) {
            ConfigurableApplicationContext context = outcome.context();
            ProcessSignals.install(context.getBean(GracefulStop.class), context.getBean(Reloader.class));
        }
    }

    private void reportInvalid(InvalidConfigException e, CommandLineOptions options) {
        List<ConfigProblem> problems = e.problems();
        printer.print(problems);
        // A file that cannot be opened is reported in that one line, as haproxy -c does.
        boolean located = problems.stream().anyMatch(p -> p.isAlert() && p.location() != null);
        if (!located) {
            return;
        }
        for (var file : options.files()) {
            printer.alert("config : Error(s) found in configuration file : " + file);
        }
        printer.alert("config : Fatal errors found in configuration.");
    }

    private static Outcome start(LoadedConfig fromFile, ConfigSource source, List<String> springArgs) {
        List<String> args = new ArrayList<>(springArgs);
        SpringApplication app = new SpringApplication(LbgateApplication.class);
        app.setMainApplicationClass(LbgateApplication.class); // its name in "Started ...", not cli.Main's
        if (fromFile != null) {
            // A haproxy.cfg replaces the bundled configuration whole: its model is the only one,
            // and the demo backends (which belong to the bundled configuration) stay off.
            app.addInitializers(ctx -> {
                ctx.getBeanFactory().registerSingleton("loadedConfig", fromFile);
                ctx.getBeanFactory().registerSingleton("configSource", source);
            });
            args.add("--lbgate.demo.enabled=false");
        }
        try {
            return new Outcome(0, app.run(args.toArray(String[]::new)));
        } catch (RuntimeException e) {
            // Spring Boot has already reported the failure (a failure analysis, not a stack trace,
            // for the failures we know); the status is what scripts and systemd look at.
            return Outcome.exit(1);
        }
    }
}
