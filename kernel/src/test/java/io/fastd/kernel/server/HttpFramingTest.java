package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict HTTP/1.1 framing (RFC 9112) over raw sockets: every ambiguous or unsupported framing is
 * answered with its status and the connection closes, so a request smuggled behind it never runs.
 */
@Timeout(60)
class HttpFramingTest {

    @TempDir
    static Path dir;

    private static final Probe PROBE = new Probe();
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() {
        server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", "server.max_payload", "1024"),
                Harness.module(PROBE, false)), new ByteArrayOutputStream()).start();
        port = server.port(Protocol.HTTP).orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Sends {@code request} then a smuggled {@code GET /smuggled}; returns the one answer, asserting the close. */
    private static String refusedThenClosed(String request) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.write(request + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
            String answer = http.readResponse();
            assertThat(http.closedByServer()).as("closed after: %s", answer).isTrue();
            assertThat(PROBE.handled).doesNotContain("/smuggled");
            return answer;
        }
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndTheSmuggledRequestNeverRuns() throws Exception {
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n")).isEqualTo("400\n{\"error\": \"malformed request: both Content-Length and Transfer-Encoding\"}");
    }

    @Test
    void aTransferEncodingOtherThanChunkedIs501() throws Exception {
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"))
                .isEqualTo("501\n{\"error\": \"Transfer-Encoding xchunked not supported (only chunked is)\"}");
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"))
                .isEqualTo("501\n{\"error\": \"Transfer-Encoding chunked, gzip not supported (only chunked is)\"}");
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .startsWith("501\n");
        assertThat(refusedThenClosed("POST /x HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isEqualTo("400\n{\"error\": \"malformed request: Transfer-Encoding in an HTTP/1.0 request\"}");
    }

    @Test
    void versionsOtherThan10And11Are505() throws Exception {
        assertThat(refusedThenClosed("GET /x HTTP/9.9\r\nHost: x\r\n\r\n"))
                .isEqualTo("505\n{\"error\": \"HTTP version HTTP/9.9 not supported (HTTP/1.0 and HTTP/1.1 are)\"}");
        assertThat(refusedThenClosed("GET /x HTTP/2.0\r\nHost: x\r\n\r\n")).startsWith("505\n");
    }

    @Test
    void duplicateOrInvalidContentLengthIs400() throws Exception {
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"))
                .startsWith("400\n");
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabc")).startsWith("400\n");
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")).startsWith("400\n");
        assertThat(refusedThenClosed("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n")).startsWith("400\n");
    }

    @Test
    void bareLineFeedsBareCarriageReturnsAndObsoleteLineFoldingAre400() throws Exception {
        assertThat(refusedThenClosed("GET /x HTTP/1.1\nHost: x\n\n"))
                .isEqualTo("400\n{\"error\": \"malformed request: bare LF in the request head (lines must end with CRLF)\"}");
        assertThat(refusedThenClosed("GET /x HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n")).startsWith("400\n");
        assertThat(refusedThenClosed("GET /x HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n"))
                .isEqualTo("400\n{\"error\": \"malformed request: bare CR in the request head\"}");
        assertThat(refusedThenClosed("GET /x HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n"))
                .isEqualTo("400\n{\"error\": \"malformed request: obsolete line folding or whitespace at the start of a header line\"}");
        assertThat(refusedThenClosed("GET /x HTTP/1.1\r\n Host: x\r\n\r\n")).startsWith("400\n");
    }

    @Test
    void wellFramedRequestsStillPassIncludingChunkedBodiesAndLineFeedsInBodies() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.write("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na\nb\r\n0\r\n\r\n"
                    + "POST /fixed HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n\n x\n\n"
                    + "GET /ten HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /last HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readResponse()).startsWith("200\nworker=").endsWith("path=/chunked");
            assertThat(http.readResponse()).startsWith("200\nworker=").endsWith("path=/fixed");
            assertThat(http.readResponse()).startsWith("200\nworker=").endsWith("path=/ten");
            assertThat(http.readHead()).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("content-length: ");
            assertThat(http.readResponse()).as("the HEAD answer had no body").endsWith("path=/last");
        }
    }

    @Test
    void refusalsAreCountedPerStatusAndCauseNotLoggedPerRequest() throws Exception {
        refusedThenClosed("GET /x HTTP/1.1\r\nHost: x\r\n\r\n".replace("1.1", "3.0"));
        assertThat(server.status().incidents()).hasEntrySatisfying("HTTP request refused: 505 Unsupported",
                count -> assertThat(count).isPositive());
    }

    @Test
    void anOversizedBodyIs413InItsPlaceAndClosesTheConnection() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.write("GET /first HTTP/1.1\r\nHost: x\r\n\r\nPOST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
            assertThat(http.readResponse()).endsWith("path=/first");
            assertThat(http.readResponse()).isEqualTo("413\n{\"error\": \"request body larger than server.max_payload\"}");
            assertThat(http.closedByServer()).isTrue();
        }
    }
}
