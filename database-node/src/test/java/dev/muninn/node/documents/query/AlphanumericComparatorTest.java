package dev.muninn.node.documents.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AlphanumericComparatorTest {

    @Test
    void digitRunsCompareByValue() {
        assertThat(AlphanumericComparator.compare("a2", "a10")).isNegative();
        assertThat(AlphanumericComparator.compare("a10", "a2")).isPositive();
        assertThat(AlphanumericComparator.compare("10", "9")).isPositive();
        assertThat(AlphanumericComparator.compare("x007", "x7")).isZero();
        assertThat(AlphanumericComparator.compare("v1.10", "v1.9")).isPositive();
        assertThat(AlphanumericComparator.compare("123456789012345678901234567890", "99")).isPositive();
    }

    @Test
    void lettersIgnoreCaseAndPrefixesSortFirst() {
        assertThat(AlphanumericComparator.compare("ABC", "abc")).isZero();
        assertThat(AlphanumericComparator.compare("abc", "abcd")).isNegative();
        assertThat(AlphanumericComparator.compare("file", "file1")).isNegative();
        assertThat(AlphanumericComparator.compare("B1", "a2")).isPositive();
        assertThat(AlphanumericComparator.compare("", "")).isZero();
    }

    @Test
    void sortsAMixedListNaturally() {
        List<String> values = new ArrayList<>(List.of("img12.png", "img10.png", "IMG2.png", "img1.png", "img02.png"));
        Collections.shuffle(values, new Random(1));
        values.sort(AlphanumericComparator::compare);
        assertThat(values.subList(0, 1)).containsExactly("img1.png");
        assertThat(values.subList(1, 3)).containsExactlyInAnyOrder("IMG2.png", "img02.png");
        assertThat(values.subList(3, 5)).containsExactly("img10.png", "img12.png");
    }

    @Test
    void isAntisymmetricOnRandomStrings() {
        Random random = new Random(7);
        String alphabet = "aB0129z.-";
        for (int i = 0; i < 5_000; i++) {
            String left = randomString(random, alphabet);
            String right = randomString(random, alphabet);
            assertThat(Integer.signum(AlphanumericComparator.compare(left, right)))
                    .as(left + " vs " + right)
                    .isEqualTo(-Integer.signum(AlphanumericComparator.compare(right, left)));
        }
    }

    private static String randomString(Random random, String alphabet) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
