package dev.muninn.node.documents.query;

/**
 * Natural ("alphanumeric") string order used by {@code order by x as alphanumeric}: digit runs
 * compare by numeric value ("a2" before "a10"), everything else character by character ignoring
 * case. Works on the strings in place, without splitting them into chunks.
 */
final class AlphanumericComparator {

    private AlphanumericComparator() {
    }

    static int compare(String left, String right) {
        int i = 0;
        int j = 0;
        int leftLength = left.length();
        int rightLength = right.length();
        while (i < leftLength && j < rightLength) {
            char a = left.charAt(i);
            char b = right.charAt(j);
            if (isDigit(a) && isDigit(b)) {
                int leftStart = skipZeros(left, i);
                int rightStart = skipZeros(right, j);
                int leftEnd = digitsEnd(left, leftStart);
                int rightEnd = digitsEnd(right, rightStart);
                int leftDigits = leftEnd - leftStart;
                int rightDigits = rightEnd - rightStart;
                if (leftDigits != rightDigits) {
                    return leftDigits < rightDigits ? -1 : 1; // more significant digits, larger number
                }
                for (int k = 0; k < leftDigits; k++) {
                    int difference = left.charAt(leftStart + k) - right.charAt(rightStart + k);
                    if (difference != 0) {
                        return difference < 0 ? -1 : 1;
                    }
                }
                i = leftEnd;
                j = rightEnd;
            } else {
                int difference = fold(a) - fold(b);
                if (difference != 0) {
                    return difference < 0 ? -1 : 1;
                }
                i++;
                j++;
            }
        }
        return Integer.compare(leftLength - i, rightLength - j);
    }

    private static int skipZeros(String text, int index) {
        while (index < text.length() && text.charAt(index) == '0') {
            index++;
        }
        return index;
    }

    private static int digitsEnd(String text, int index) {
        while (index < text.length() && isDigit(text.charAt(index))) {
            index++;
        }
        return index;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // Same folding as String.CASE_INSENSITIVE_ORDER.
    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }
}
