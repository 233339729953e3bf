package io.lbgate.config.properties;

/**
 * The embedded demo backends of the default run.
 *
 * @param enabled start the demo backends. Default false.
 */
public record DemoProperties(boolean enabled) {
}
