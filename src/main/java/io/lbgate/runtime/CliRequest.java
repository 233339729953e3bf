package io.lbgate.runtime;

import io.lbgate.admin.AdminService;
import io.lbgate.config.ApiLevel;

import java.util.List;

/**
 * One command being run: its words, the connection it came on and the services it may use.
 *
 * @param words   every word, the command's keywords included ({@code set}, {@code server}, ...)
 * @param text    the command as typed, for the audit log
 */
record CliRequest(List<String> words, String text, CliSession session, ApiServices services) {
    static final String PERMISSION_DENIED = "Permission denied\n";

    /** The word at {@code index}, or {@code ""} when absent (HAProxy's empty argument). */
    String arg(int index) {
        return index < words.size() ? words.get(index) : "";
    }

    boolean allows(ApiLevel required) {
        return session.level().allows(required);
    }

    AdminService.Actor actor() {
        return session.actor();
    }
}
