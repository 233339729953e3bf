package io.lbgate.admin;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code action} values of HAProxy 2.6's stats admin form, in the order its list shows them,
 * plus the legacy names it still accepts and lbgate's {@code weight}. Each says whether lbgate
 * carries it out. The agent actions apply to no server since lbgate has no agent checks, so the
 * form answers {@code NONE} for them — what HAProxy 2.6 answers on a server without an agent.
 */
public enum AdminAction {
    READY("ready", "Set state to READY", true),
    DRAIN("drain", "Set state to DRAIN", true),
    MAINT("maint", "Set state to MAINT", true),
    DISABLE_HEALTH("dhlth", "Health: disable checks", true),
    ENABLE_HEALTH("ehlth", "Health: enable checks", true),
    FORCE_UP("hrunn", "Health: force UP", true),
    FORCE_NOLB("hnolb", "Health: force NOLB", true),
    FORCE_DOWN("hdown", "Health: force DOWN", true),
    DISABLE_AGENT("dagent", "Agent: disable checks", false),
    ENABLE_AGENT("eagent", "Agent: enable checks", false),
    AGENT_UP("arunn", "Agent: force UP", false),
    AGENT_DOWN("adown", "Agent: force DOWN", false),
    SHUTDOWN("shutdown", "Kill Sessions", true),
    /** lbgate's addition: sets the weight given in the form's {@code weight} field. */
    WEIGHT("weight", "Set weight to", true),
    // Names older forms and scripts post; HAProxy 2.6 still honours them.
    LEGACY_DISABLE("disable", null, true),
    LEGACY_ENABLE("enable", null, true),
    LEGACY_STOP("stop", null, true),
    LEGACY_START("start", null, true);

    private final String value;
    private final String label;
    private final boolean supported;

    AdminAction(String value, String label, boolean supported) {
        this.value = value;
        this.label = label;
        this.supported = supported;
    }

    /** The form value ({@code drain}). */
    public String value() {
        return value;
    }

    /** The option text, or {@code null} for legacy names that the list does not offer. */
    public String label() {
        return label;
    }

    public boolean supported() {
        return supported;
    }

    public static Optional<AdminAction> fromValue(String value) {
        return Arrays.stream(values()).filter(a -> a.value.equals(value)).findFirst();
    }
}
