package io.lbgate.proxy.backend;

/**
 * Where a {@link BackendStream} is on its way to a server connection; HAProxy's stream-interface
 * states are named beside each. Every transition is made in {@link BackendStream}.
 *
 * <pre>
 * NEW ──start──▶ CONNECTING ──connected──▶ ESTABLISHED ──close──▶ CLOSED
 *  │                │  ▲ ▲
 *  │   (all full)   │  │ └── turn-around elapsed ── TURN_AROUND ◀── refused, retry
 *  └──────────▶ QUEUED ─┘ (slot freed)                  (redispatch: pick again first)
 *  any state ──no server, gave up, queue timeout, client gone──▶ CLOSED
 * </pre>
 */
public enum StreamState {
    /** Created, no server yet (REQ). */
    NEW,
    /** Waiting in the backend's or a server's queue for a free slot (QUE). */
    QUEUED,
    /** Waiting min(timeout connect, 1 s) before trying a refusing server again (TAR). */
    TURN_AROUND,
    /** A server is assigned, its slot taken, and the mode is connecting (ASS, CON). */
    CONNECTING,
    /** Connected (or a kept-alive connection attached): the mode moves the data (EST). */
    ESTABLISHED,
    /** Over: slot given back, counters closed (CLO). */
    CLOSED
}
