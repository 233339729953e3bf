package io.lbgate.config;

/** Which PROXY protocol header, if any, a server connection starts with. */
public enum ProxyProtocol {
    NONE, V1, V2
}
