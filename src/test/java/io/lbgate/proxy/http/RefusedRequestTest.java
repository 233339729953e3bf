package io.lbgate.proxy.http;

import io.netty.handler.codec.DecoderResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RefusedRequestTest {
    @Test
    void aCodingBeforeChunkedIsAnsweredWith422AndEverythingElseWith400() {
        RefusedRequest gzipChunked = TransferCoding.check(List.of("gzip, chunked"));
        assertThat(RefusedRequest.pageFor(DecoderResult.failure(gzipChunked))).isEqualTo(ErrorPage.UNPROCESSABLE_CONTENT);
        assertThat(ErrorPage.UNPROCESSABLE_CONTENT.length()).as("HAProxy's content-length").isEqualTo(116);

        RefusedRequest xchunked = TransferCoding.check(List.of("xchunked"));
        assertThat(RefusedRequest.pageFor(DecoderResult.failure(xchunked))).isEqualTo(ErrorPage.BAD_REQUEST);
        assertThat(RefusedRequest.pageFor(DecoderResult.failure(new IllegalArgumentException("netty"))))
                .isEqualTo(ErrorPage.BAD_REQUEST);
    }

    @Test
    void transferCodingWordsAreReadAsHaproxyReadsThem() {
        assertThat(TransferCoding.check(List.of())).isNull();
        assertThat(TransferCoding.check(List.of("chunked"))).isNull();
        assertThat(TransferCoding.check(List.of("CHUNKED"))).isNull();
        assertThat(TransferCoding.check(List.of("chunked,"))).as("a final comma is ignored").isNull();
        assertThat(TransferCoding.check(List.of(", chunked")).page()).isEqualTo(ErrorPage.UNPROCESSABLE_CONTENT);
        assertThat(TransferCoding.check(List.of("gzip", "chunked")).page()).isEqualTo(ErrorPage.UNPROCESSABLE_CONTENT);
        assertThat(TransferCoding.check(List.of("chunked", "chunked")).page()).isEqualTo(ErrorPage.BAD_REQUEST);
        assertThat(TransferCoding.check(List.of("chunked, , gzip")).page()).isEqualTo(ErrorPage.BAD_REQUEST);
        assertThat(TransferCoding.check(List.of("")).page()).isEqualTo(ErrorPage.BAD_REQUEST);
        assertThat(TransferCoding.check(List.of("chunked;x=1")).page()).isEqualTo(ErrorPage.BAD_REQUEST);
    }
}
