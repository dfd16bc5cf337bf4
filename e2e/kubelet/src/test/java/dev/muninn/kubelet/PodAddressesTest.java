package dev.muninn.kubelet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodAddressesTest {

    @Test
    void containsForSixteenBitPrefix() {
        PodAddresses pods = new PodAddresses("10.244.0.0/16", "10.244.0.1");
        assertThat(pods.contains("10.244.0.1")).isTrue();
        assertThat(pods.contains("10.244.3.77")).isTrue();
        assertThat(pods.contains("10.244.255.255")).isTrue();
        assertThat(pods.contains("10.245.0.1")).isFalse();
        assertThat(pods.contains("10.243.255.255")).isFalse();
        assertThat(pods.contains("11.244.0.1")).isFalse();
        assertThat(pods.contains("127.0.0.1")).isFalse();
    }

    @Test
    void containsForTwentyFourBitPrefix() {
        PodAddresses pods = new PodAddresses("192.168.7.0/24", "192.168.7.1");
        assertThat(pods.contains("192.168.7.0")).isTrue();
        assertThat(pods.contains("192.168.7.200")).isTrue();
        assertThat(pods.contains("192.168.8.200")).isFalse();
        assertThat(pods.contains("192.168.6.255")).isFalse();
    }

    @Test
    void containsIgnoresHostBitsOfTheCidr() {
        PodAddresses pods = new PodAddresses("10.1.2.3/16", "10.1.0.1");
        assertThat(pods.contains("10.1.200.9")).isTrue();
        assertThat(pods.contains("10.2.2.3")).isFalse();
    }

    @Test
    void rejectsPrefixesOutsideEightToTwentyFour() {
        assertThatThrownBy(() -> new PodAddresses("10.0.0.0/25", "10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodAddresses("10.0.0.0/7", "10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodAddresses("10.0.0/16", "10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodAddresses("127.3.0.0/16", "127.3.0.1").contains("127.3.0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allocatesFromTheRangeSkippingTheNodeIp() throws Exception {
        PodAddresses pods = new PodAddresses("127.77.0.0/24", "127.77.0.3");
        assertThat(pods.allocate()).isEqualTo("127.77.0.2");
        assertThat(pods.allocate()).isEqualTo("127.77.0.4");
        assertThat(pods.allocate()).isEqualTo("127.77.0.5");
    }

    @Test
    void sixteenBitRangeSkipsDotZeroAndDotTwoFiftyFive() throws Exception {
        PodAddresses pods = new PodAddresses("127.78.0.0/16", "127.78.0.1");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            addresses.add(pods.allocate());
        }
        assertThat(addresses.get(0)).isEqualTo("127.78.0.2");
        assertThat(addresses.get(252)).isEqualTo("127.78.0.254");
        // .255 and the next .0 are neither given out.
        assertThat(addresses.get(253)).isEqualTo("127.78.1.1");
        assertThat(addresses).doesNotContain("127.78.0.255", "127.78.1.0", "127.78.0.0", "127.78.0.1");
        assertThat(addresses).allMatch(pods::contains).doesNotHaveDuplicates();
    }

    @Test
    void fullTwentyFourBitRangeRunsOut() throws Exception {
        PodAddresses pods = new PodAddresses("127.79.0.0/24", "127.79.0.1");
        Set<String> given = new HashSet<>();
        IOException out = null;
        for (int i = 0; i < 300 && out == null; i++) {
            try {
                assertThat(given.add(pods.allocate())).as("allocation %d is new", i).isTrue();
            } catch (IOException e) {
                out = e;
            }
        }
        assertThat(out).isNotNull().hasMessageContaining("no free pod IP");
        // .2 to .254: 253 addresses (.0, .1 = the node, .255 excluded).
        assertThat(given).hasSize(253).allMatch(pods::contains)
                .doesNotContain("127.79.0.0", "127.79.0.1", "127.79.0.255");
        assertThatThrownBy(pods::allocate).isInstanceOf(IOException.class);
    }

    @Test
    void nodeIpInsideTheRangeIsNeverGivenOut() throws Exception {
        PodAddresses pods = new PodAddresses("127.80.0.0/24", "127.80.0.100");
        Set<String> given = new HashSet<>();
        while (true) {
            try {
                given.add(pods.allocate());
            } catch (IOException e) {
                break;
            }
        }
        assertThat(given).hasSize(252).doesNotContain("127.80.0.100");
    }

    @Test
    void releasedAddressesAreReused() throws Exception {
        PodAddresses pods = new PodAddresses("127.81.0.0/24", "127.81.0.1");
        for (int i = 0; i < 253; i++) {
            pods.allocate();
        }
        assertThatThrownBy(pods::allocate).isInstanceOf(IOException.class);
        pods.release("127.81.0.100");
        assertThat(pods.allocate()).isEqualTo("127.81.0.100");
        assertThatThrownBy(pods::allocate).isInstanceOf(IOException.class);
        pods.release("127.81.0.7");
        pods.release("127.81.0.200");
        assertThat(Set.of(pods.allocate(), pods.allocate())).containsExactlyInAnyOrder("127.81.0.7", "127.81.0.200");
    }

    @Test
    void releaseOfUnknownOrNullAddressIsHarmless() throws Exception {
        PodAddresses pods = new PodAddresses("127.82.0.0/24", "127.82.0.1");
        pods.release(null);
        pods.release("127.82.0.9");
        String first = pods.allocate();
        pods.release(first);
        pods.release(first);
        assertThat(first).isEqualTo("127.82.0.2");
        // Allocation goes round the range rather than reusing at once.
        assertThat(pods.allocate()).isEqualTo("127.82.0.3");
    }

    @Test
    void releaseLeftoversDoesNothingOnLoopback() throws Exception {
        PodAddresses pods = new PodAddresses("127.83.0.0/24", "127.83.0.1");
        pods.releaseLeftovers();
        assertThat(pods.allocate()).isEqualTo("127.83.0.2");
    }
}
