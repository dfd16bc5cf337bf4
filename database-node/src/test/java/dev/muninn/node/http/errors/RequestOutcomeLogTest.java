package dev.muninn.node.http.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RequestOutcomeLogTest {
    @Test
    void eachKindGetsAFewLinesPerWindowAndTheRestIsCountedForTheNext() {
        AtomicLong now = new AtomicLong();
        ThrottledLog log = new ThrottledLog(now::get);
        int written = 0;
        for (int i = 0; i < 1000; i++) {
            written += log.admit("400 Bad").write() ? 1 : 0;
        }
        assertThat(written).isEqualTo(ThrottledLog.LINES_PER_WINDOW);
        assertThat(log.admit("409 Concurrency").write()).as("another kind has its own allowance").isTrue();
        now.addAndGet(ThrottledLog.WINDOW_SECONDS * 1_000_000_000L);
        ThrottledLog.Decision next = log.admit("400 Bad");
        assertThat(next.write()).isTrue();
        assertThat(next.suppressedBefore()).isEqualTo(1000 - ThrottledLog.LINES_PER_WINDOW);
        assertThat(log.admit("400 Bad").suppressedBefore()).isZero();
    }

    @Test
    void clientHangUpsAndOversizedBodiesAreRecognisedThroughWrappers() {
        assertThat(RequestOutcomeLog.isClientGone(new UncheckedIOException(new ClosedChannelException()))).isTrue();
        assertThat(RequestOutcomeLog.isClientGone(new RuntimeException(new IOException("Connection reset by peer"))))
                .isTrue();
        assertThat(RequestOutcomeLog.isClientGone(new IllegalStateException("closed"))).isFalse();
        assertThat(RequestOutcomeLog.isClientGone(new NullPointerException())).isFalse();
        assertThat(RequestOutcomeLog.isBodyTooLarge(new UncheckedIOException(new IOException("Request too large"))))
                .isTrue();
        assertThat(RequestOutcomeLog.isBodyTooLarge(new IOException("other"))).isFalse();
    }

    @Test
    void whatAClientSentCannotBreakTheOneLinePerEventFormat() {
        assertThat(RequestOutcomeLog.clean("a\r\nINFO forged line \"x\"")).isEqualTo("a  INFO forged line 'x'");
        assertThat(RequestOutcomeLog.clean("x".repeat(1000))).hasSize(303);
        assertThat(RequestOutcomeLog.database("/databases/shop/docs?id=1")).isEqualTo("shop");
        assertThat(RequestOutcomeLog.database("/databases/shop?x")).isEqualTo("shop");
        assertThat(RequestOutcomeLog.database("/admin/databases")).isEqualTo("-");
    }
}
