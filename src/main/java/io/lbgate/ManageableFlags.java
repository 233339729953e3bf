package io.lbgate;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The JVM's manageable flags (those HotSpot lets a running process change, such as
 * {@code MaxHeapFreeRatio} or {@code G1PeriodicGCInterval}), read and set from inside the process,
 * so that lbgate's memory defaults hold for a plain {@code java -Xmx128m -jar lbgate.jar}. A flag the
 * operator gave (on the command line, in {@code JAVA_TOOL_OPTIONS}, an options file, or by
 * {@code jcmd VM.set_flag}) is never overridden: only a flag still at its default or ergonomic value
 * is set.
 */
final class ManageableFlags {
    private final HotSpotDiagnosticMXBean vm;

    private ManageableFlags(HotSpotDiagnosticMXBean vm) {
        this.vm = vm;
    }

    /** This JVM's flags, or empty on a JVM without HotSpot's diagnostic bean. */
    static Optional<ManageableFlags> platform() {
        try {
            return Optional.ofNullable(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class))
                    .map(ManageableFlags::new);
        } catch (LinkageError | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The flag's value, or empty when this JVM has no such flag. */
    Optional<String> value(String name) {
        return option(name).map(VMOption::getValue);
    }

    boolean isTrue(String name) {
        return value(name).map(Boolean::parseBoolean).orElse(false);
    }

    /** Whether someone set the flag: anything but its default or the JVM's own (ergonomic) choice. */
    boolean given(String name) {
        return option(name).map(o -> o.getOrigin() != VMOption.Origin.DEFAULT
                && o.getOrigin() != VMOption.Origin.ERGONOMIC).orElse(true);
    }

    /**
     * Sets the flag; false when the JVM refused (no such flag, not manageable, or a value it does
     * not accept, such as a {@code MaxHeapFreeRatio} below {@code MinHeapFreeRatio}).
     */
    boolean set(String name, String value) {
        try {
            vm.setVMOption(name, value);
            return true;
        } catch (IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    private Optional<VMOption> option(String name) {
        try {
            return Optional.of(vm.getVMOption(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
