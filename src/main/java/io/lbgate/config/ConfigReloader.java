package io.lbgate.config;

/**
 * Reads the running process's configuration again and, when it is valid, applies it: the one path
 * every reload trigger takes (SIGHUP, the stats page's button, the runtime API). Implemented by the
 * lifecycle; those who only trigger a reload (the stats page) know this and nothing more.
 */
public interface ConfigReloader {
    /** @param trigger who asked, for the log and the audit ("SIGHUP", "stats page, user admin") */
    ReloadResult reload(String trigger);
}
