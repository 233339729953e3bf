package io.lbgate.admin;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code action} values of HAProxy 2.6's stats admin form, in the order its list shows them,
 * plus the legacy names it still accepts and lbgate's {@code weight}. Each says whether lbgate
 * carries it out: the health and agent overrides need operations the registry does not offer yet,
 * so they apply to no server and the form answers {@code NONE} — what HAProxy answers when an
 * action applies to none of the servers named.
 */
public enum AdminAction {
    READY("ready", "Set state to READY", true),
    DRAIN("drain", "Set state to DRAIN", true),
    MAINT("maint", "Set state to MAINT", true),
    DISABLE_HEALTH("dhlth", "Health: disable checks", false),
    ENABLE_HEALTH("ehlth", "Health: enable checks", false),
    FORCE_UP("hrunn", "Health: force UP", false),
    FORCE_NOLB("hnolb", "Health: force NOLB", false),
    FORCE_DOWN("hdown", "Health: force DOWN", false),
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
