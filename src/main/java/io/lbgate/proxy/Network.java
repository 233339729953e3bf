package io.lbgate.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address block such as {@code 127.0.0.0/8} or {@code ::1/128}. An IPv4 block never contains an
 * IPv6 address (HAProxy's {@code except 127.0.0.0/8} does not exempt {@code ::1}).
 */
public final class Network {
    private final byte[] prefix;
    private final int bits;
    private final String text;

    private Network(byte[] prefix, int bits, String text) {
        this.prefix = prefix;
        this.bits = bits;
        this.text = text;
    }

    /** Parses {@code ADDR[/BITS]}; a bare address is a single host. */
    public static Network parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("network: " + text + " (expected: ADDRESS[/BITS])", e);
        }
        int max = address.length * 8;
        int bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("network: " + text + " (expected: /0../" + max + ")");
        }
        return new Network(address, bits, text);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (candidate[full] & mask) == (prefix[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
