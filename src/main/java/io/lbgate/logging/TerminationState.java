package io.lbgate.logging;

/**
 * Why and when a session ended, HAProxy's termination state (docs/haproxy-behaviour.md, "Logs"): a cause and the phase
 * it happened in. TCP logs print the two characters; HTTP logs add the two cookie characters.
 */
public final class TerminationState {

    /** The first character: who or what ended the session. */
    public enum Cause {
        NORMAL('-'), CLIENT_ABORT('C'), SERVER_ABORT('S'), PROXY('P'), LOCAL('L'), RESOURCE('R'),
        INTERNAL('I'), SERVER_DOWN('D'), SERVER_UP('U'), ADMIN_KILL('K'), CLIENT_TIMEOUT('c'),
        SERVER_TIMEOUT('s');

        private final char code;

        Cause(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }
    }

    /** The second character: the phase the session was in. */
    public enum Phase {
        NORMAL('-'), REQUEST('R'), QUEUE('Q'), CONNECT('C'), HEADERS('H'), DATA('D'), LAST_DATA('L'),
        TARPIT('T');

        private final char code;

        Phase(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }
    }

    private TerminationState() {
    }

    /** The two TCP characters, {@code --} for a normal end. */
    public static String tcp(Cause cause, Phase phase) {
        return new String(new char[] {cause.code(), phase.code()});
    }
}
