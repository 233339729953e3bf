package io.lbgate.proxy.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 response read byte by byte from a raw socket, so that tests see the status line and
 * header lines exactly as the proxy wrote them.
 */
record Raw(String head, String body) {
    int status() {
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Writes {@code request} and reads the one response to it. */
    static Raw exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(TestOrigin.ascii(request));
        out.flush();
        return read(socket.getInputStream());
    }

    /** Reads one response with a Content-Length body (or chunked), leaving the connection usable. */
    static Raw read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) c);
        }
        String lower = head.toString().toLowerCase();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            body.write(in.readNBytes(length));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                StringBuilder size = new StringBuilder();
                int c;
                while ((c = in.read()) != '\n') {
                    size.append((char) c);
                }
                int n = Integer.parseInt(size.toString().trim(), 16);
                body.write(in.readNBytes(n));
                in.readNBytes(2);
                if (n == 0) {
                    break;
                }
            }
        }
        return new Raw(head.toString(), body.toString(StandardCharsets.ISO_8859_1));
    }
}
