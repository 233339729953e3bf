package io.lbgate.cli;

import io.lbgate.LbgateApplication;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import org.springframework.boot.SpringApplication;

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
    /** Exit status meaning "keep running": the gateway started. */
    public static final int STARTED = -1;

    private final PrintStream out;
    private final PrintStream err;
    private final ProblemPrinter printer;

    public Launcher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.printer = new ProblemPrinter(err, ProcessHandle.current().pid());
    }

    /** Runs the command line; returns the exit status, or {@link #STARTED}. */
    public int run(String... args) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
        } catch (CommandLineOptions.UsageException e) {
            err.println("lbgate: " + e.getMessage());
            err.println("usage: lbgate [-c] [-q] [-v] [-f <cfgfile|cfgdir>]* [--spring.option=value]*");
            return 1;
        }
        if (options.version()) {
            out.println("lbgate version " + Version.current());
            return 0;
        }
        if (options.files().isEmpty()) {
            start(null, options.springArgs());
            return STARTED;
        }
        LoadedConfig loaded;
        try {
            loaded = HaproxyConfigReader.read(options.files());
        } catch (InvalidConfigException e) {
            reportInvalid(e, options);
            return 1;
        }
        printer.print(loaded.warnings());
        if (options.check()) {
            if (!options.quiet()) {
                if (!loaded.warnings().isEmpty()) {
                    out.println("Warnings were found.");
                }
                out.println("Configuration file is valid");
            }
            return 0;
        }
        start(loaded, options.springArgs());
        return STARTED;
    }

    private void reportInvalid(InvalidConfigException e, CommandLineOptions options) {
        List<ConfigProblem> problems = e.problems();
        printer.print(problems);
        boolean located = problems.stream().anyMatch(p -> p.isAlert() && p.location() != null);
        if (located) {
            for (var file : options.files()) {
                printer.alert("config : Error(s) found in configuration file : " + file);
            }
        }
        printer.alert("config : Fatal errors found in configuration.");
    }

    private static void start(LoadedConfig fromFile, List<String> springArgs) {
        List<String> args = new ArrayList<>(springArgs);
        SpringApplication app = new SpringApplication(LbgateApplication.class);
        if (fromFile != null) {
            // A haproxy.cfg replaces the bundled configuration whole: its model is the only one,
            // and the demo backends (which belong to the bundled configuration) stay off.
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("loadedConfig", fromFile));
            args.add("--lbgate.demo.enabled=false");
        }
        app.run(args.toArray(String[]::new));
    }
}
