package io.lbgate.peers;

import io.lbgate.admin.AdminService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer protocol's bytes (docs/peers.md, "Protocol"): the 8-byte greeting, then frames of a
 * 4-byte length, a type byte and a body. Reading checks every length against what is left, so a
 * malformed frame is a {@link ProtocolException}, never an index error or an unbounded allocation.
 */
final class PeerFrames {
    /** The first bytes each side sends: anything else on the port is not an lbgate peer. */
    static final byte[] GREETING = "LBGPEER1".getBytes(StandardCharsets.US_ASCII);
    /** The largest frame accepted (the length field's value); snapshots are cut to fit. */
    static final int MAX_FRAME = 64 * 1024;
    /** The largest frame before authentication: a handshake frame is far smaller. */
    static final int MAX_HANDSHAKE_FRAME = 1024;
    /** A snapshot frame is closed once its body passes this. */
    static final int SNAPSHOT_CHUNK = 32 * 1024;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;
    private static final int MAX_STRING = 1024;

    /** The frame types; the byte is the ordinal + 1. */
    enum Type {
        HELLO, CHALLENGE, AUTH, REFUSE, STATE, PING;

        byte code() {
            return (byte) (ordinal() + 1);
        }

        static Type of(byte code) {
            int i = code - 1;
            if (i < 0 || i >= values().length) {
                throw new ProtocolException("unknown frame type " + code);
            }
            return values()[i];
        }
    }

    /** The bytes do not follow the protocol; the message says how, for the log. */
    static class ProtocolException extends RuntimeException {
        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    private PeerFrames() {
    }

    /** A whole frame: length, type, body. The caller owns (and writes) the result. */
    static ByteBuf frame(ByteBufAllocator alloc, Type type, byte[] body) {
        ByteBuf buf = alloc.buffer(5 + body.length);
        buf.writeInt(1 + body.length).writeByte(type.code()).writeBytes(body);
        return buf;
    }

    static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING) {
            throw new IllegalArgumentException("name longer than " + MAX_STRING + " bytes: " + s);
        }
        out.writeShort(bytes.length).writeBytes(bytes);
    }

    static String readString(ByteBuf in) {
        int length = need(in, 2).readUnsignedShort();
        if (length > MAX_STRING) {
            throw new ProtocolException("string of " + length + " bytes");
        }
        return need(in, length).readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    static byte[] readBytes(ByteBuf in, int n) {
        byte[] bytes = new byte[n];
        need(in, n).readBytes(bytes);
        return bytes;
    }

    static ByteBuf need(ByteBuf in, int n) {
        if (in.readableBytes() < n) {
            throw new ProtocolException("frame shorter than its fields");
        }
        return in;
    }

    /** A STATE body: a count, then each entry. */
    static void writeEntries(ByteBuf out, List<AdminEntry> entries) {
        out.writeInt(entries.size());
        for (AdminEntry e : entries) {
            writeString(out, e.backend());
            writeString(out, e.server());
            out.writeByte(e.what().ordinal());
            out.writeInt(e.value());
            out.writeLong(e.stamp().time());
            writeString(out, e.stamp().node());
        }
    }

    static List<AdminEntry> readEntries(ByteBuf in) {
        int count = need(in, 4).readInt();
        // Each entry takes at least 21 bytes: a count beyond what the frame holds is a lie.
        if (count < 0 || count > in.readableBytes() / 21) {
            throw new ProtocolException("entry count " + count + " does not fit the frame");
        }
        List<AdminEntry> entries = new ArrayList<>(count);
        AdminService.Shared[] kinds = AdminService.Shared.values();
        for (int i = 0; i < count; i++) {
            String backend = readString(in);
            String server = readString(in);
            int what = need(in, 1).readUnsignedByte();
            if (what >= kinds.length) {
                throw new ProtocolException("unknown attribute " + what);
            }
            int value = need(in, 4).readInt();
            long time = need(in, 8).readLong();
            String node = readString(in);
            entries.add(new AdminEntry(backend, server, kinds[what], value, new Stamp(time, node)));
        }
        if (in.isReadable()) {
            throw new ProtocolException(in.readableBytes() + " bytes after the entries");
        }
        return entries;
    }

    /** Printable form of a stranger's first bytes, for the refusal's log line. */
    static String preview(ByteBuf in) {
        int n = Math.min(in.readableBytes(), 24);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = in.getUnsignedByte(in.readerIndex() + i);
            sb.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.toString();
    }
}
