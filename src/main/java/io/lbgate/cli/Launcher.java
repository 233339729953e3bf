package io.lbgate.cli;

import io.lbgate.config.ProblemPrinter;
import io.lbgate.Version;

import io.lbgate.LbgateApplication;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.config.properties.LbgateProperties;
import io.lbgate.config.ConfigSource;
import io.lbgate.lifecycle.DataPlaneStart;
import io.lbgate.lifecycle.GracefulStop;
import io.lbgate.lifecycle.ProcessSignals;
import io.lbgate.lifecycle.Reloader;
import io.lbgate.proxy.BindFailedException;
import io.lbgate.proxy.BindFailureAnalyzer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the command line into an action: check a haproxy.cfg and exit, or read it and start the
 * gateway on it, or start on the bundled application.yml when no {@code -f} is given. A bad
 * configuration never reaches Spring: its problems are printed as {@code haproxy -c} prints them
 * and the process exits 1, with no stack trace.
 *
 * <p>A {@code -f} start serves before Spring: logging is set up ({@link EarlyLogging}), the data
 * plane starts from the parsed configuration ({@link DataPlaneStart}), the signals are handled, and
 * only then does the Spring context (the control plane) start, on the same registry and data plane.
 * A frontend that cannot listen ends the start there, with Spring Boot's one-paragraph analysis and
 * status 1; a control plane that cannot start (a {@code stats socket} or stats bind refused) stops
 * the data plane and exits 1 the same way.
 */
public final class Launcher {
    private final PrintStream out;
    private final PrintStream err;
    private final ProblemPrinter printer;
    private final boolean processSignals;

    /** A launcher for a gateway in this JVM (tests): the JVM's signals are left alone. */
    public Launcher(PrintStream out, PrintStream err) {
        this(out, err, false);
    }

    private Launcher(PrintStream out, PrintStream err, boolean processSignals) {
        this.out = out;
        this.err = err;
        this.printer = new ProblemPrinter(err, ProcessHandle.current().pid());
        this.processSignals = processSignals;
    }

    /**
     * The launcher for the process's own command line: SIGHUP reloads what was read at start,
     * SIGTERM and SIGUSR1 stop gracefully, from the moment the data plane serves.
     */
    public static Launcher forProcess(PrintStream out, PrintStream err) {
        return new Launcher(out, err, true);
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

    private Outcome start(LoadedConfig fromFile, ConfigSource source, List<String> springArgs) {
        List<String> args = new ArrayList<>(springArgs);
        if (fromFile == null) {
            // application.yml: the context builds the model, the data plane and the demo backends
            // in its lifecycle's order (the demo nodes before the first health check).
            return run(application(), args, null);
        }
        // A haproxy.cfg replaces the bundled configuration whole: its model is the only one, and
        // the demo backends (which belong to the bundled configuration) stay off.
        args.add("--lbgate.demo.enabled=false");
        EarlyLogging.initialize(args.toArray(String[]::new));
        DataPlaneStart dataPlane;
        try {
            dataPlane = DataPlaneStart.start(fromFile, source);
        } catch (BindFailedException e) {
            // What Spring Boot would print for it in the context: one analysis, no stack trace.
            new LoggingFailureAnalysisReporter().report(new BindFailureAnalyzer().analyze(e));
            return Outcome.exit(1);
        } catch (RuntimeException e) {
            // A failure nobody analyses: reported as Spring Boot reports one, with its stack trace.
            LoggerFactory.getLogger(Launcher.class).error("Application run failed", e);
            return Outcome.exit(1);
        }
        if (processSignals) {
            ProcessSignals.install(dataPlane.gracefulStop(), dataPlane.reloader());
        }
        // Made only now: building a SpringApplication loads and instantiates its listeners and
        // initializers, a few hundred milliseconds the first request need not wait for.
        SpringApplication app = application();
        app.addInitializers(ctx -> {
            dataPlane.registerIn(ctx.getBeanFactory());
            ctx.addBeanFactoryPostProcessor(Launcher::leaveBundledModelUnbound);
        });
        return run(app, args, dataPlane);
    }

    /**
     * The {@code lbgate:} properties (application.yml's model) are bound only when a bean asks for
     * them: with a haproxy.cfg nothing does, since the model came from the file. Bound eagerly, as
     * every {@code @ConfigurationProperties} bean is, they would be read and validated for nothing
     * (about 120 classes and their metadata, in the process for good), and a mistake in a section
     * the start ignores would stop it.
     */
    private static void leaveBundledModelUnbound(ConfigurableListableBeanFactory beans) {
        for (String name : beans.getBeanNamesForType(LbgateProperties.class, true, false)) {
            beans.getBeanDefinition(name).setLazyInit(true);
        }
    }

    private static SpringApplication application() {
        SpringApplication app = new SpringApplication(LbgateApplication.class);
        app.setMainApplicationClass(LbgateApplication.class); // its name in "Started ...", not cli.Main's
        return app;
    }

    /** Starts the context; a context that fails takes the data plane started before it down too. */
    private Outcome run(SpringApplication app, List<String> args, DataPlaneStart dataPlane) {
        ConfigurableApplicationContext context;
        try {
            context = app.run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            // Spring Boot has already reported the failure (a failure analysis, not a stack trace,
            // for the failures we know); the status is what scripts and systemd look at.
            if (dataPlane != null) {
                dataPlane.stop();
            }
            return Outcome.exit(1);
        }
        if (dataPlane != null) {
            dataPlane.attach(context);
        } else if (processSignals) {
            ProcessSignals.install(context.getBean(GracefulStop.class), context.getBean(Reloader.class));
        }
        return new Outcome(0, context);
    }
}
