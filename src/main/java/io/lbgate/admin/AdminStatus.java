package io.lbgate.admin;

/**
 * The {@code ;st=} codes the admin form redirects to, with the banner the page then shows
 * (HAProxy 2.6's texts, docs/haproxy-behaviour.md, "Stats CSV and the admin form").
 */
public enum AdminStatus {
    DONE("Action processed successfully.", "active_up"),
    NONE("Nothing has changed.", "active_going_down"),
    PART("Action partially processed.<br>Some server names are probably unknown or ambiguous (duplicated names in the backend).",
            "active_going_down"),
    ERRP("Action not processed because of invalid parameters.", "active_down"),
    EXCD("Action not processed : the buffer couldn't store all the data.<br>You should retry with less servers at a time.",
            "active_down"),
    DENY("Action denied.", "active_down"),
    IVAL("Invalid requests (unsupported method or chunked encoded request).", "active_down"),
    UNKN("Unexpected result.", "active_down");

    private final String banner;
    private final String cssClass;

    AdminStatus(String banner, String cssClass) {
        this.banner = banner;
        this.cssClass = cssClass;
    }

    /** The banner text; {@code <br>} marks a line break, nothing else is markup. */
    public String banner() {
        return banner;
    }

    public String cssClass() {
        return cssClass;
    }

    /** The status a {@code ;st=} value names; anything unknown is {@link #UNKN}, as in HAProxy. */
    public static AdminStatus fromCode(String code) {
        for (AdminStatus s : values()) {
            if (s.name().equals(code)) {
                return s;
            }
        }
        return UNKN;
    }
}
