package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecodedStringsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldHandOutOneInstancePerRepeatedString() {
        DecodedStrings strings = new DecodedStrings();
        byte[] record = utf8("xxamount_logyy");

        String first = strings.decode(record, 2, 10);
        String again = strings.decode(utf8("amount_log"), 0, 10);

        assertThat(first).isEqualTo("amount_log");
        assertThat(again).isSameAs(first);
    }

    @Test
    void shouldDecodeEveryStringCorrectlyWhenMoreStringsThanSlotsPassThrough() {
        DecodedStrings strings = new DecodedStrings();
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20_000; i++) {
                String expected = "evt-" + i;
                byte[] bytes = utf8(expected);
                assertThat(strings.decode(bytes, 0, bytes.length)).isEqualTo(expected);
                seen.add(expected);
            }
        }
        assertThat(seen).hasSize(20_000);
    }

    @Test
    void shouldKeepTwoStringsThatShareASet() {
        DecodedStrings strings = new DecodedStrings();
        String a = "name-a";
        String partner = null;
        for (int i = 0; partner == null; i++) {
            String candidate = "name-" + i;
            if (!candidate.equals(a) && sameSet(a, candidate)) {
                partner = candidate;
            }
        }
        String firstA = strings.decode(utf8(a), 0, a.length());
        String firstB = strings.decode(utf8(partner), 0, partner.length());

        assertThat(strings.decode(utf8(a), 0, a.length())).isSameAs(firstA);
        assertThat(strings.decode(utf8(partner), 0, partner.length())).isSameAs(firstB);
    }

    private static boolean sameSet(String x, String y) {
        return DecodedStrings.set(utf8(x), 0, x.length())
                == DecodedStrings.set(utf8(y), 0, y.length());
    }

    @Test
    void shouldSpreadNamesThatDifferOnlyInTheirLastCharacters() {
        Set<Integer> sets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] name = utf8(String.format("noise_%02d", i));
            sets.add(DecodedStrings.set(name, 0, name.length));
        }

        assertThat(sets).hasSizeGreaterThan(95);
    }

    @Test
    void shouldDecodeLongStringsAfreshEveryTime() {
        DecodedStrings strings = new DecodedStrings();
        byte[] bytes = utf8("x".repeat(DecodedStrings.MAX_LENGTH + 1));

        String first = strings.decode(bytes, 0, bytes.length);
        String second = strings.decode(bytes, 0, bytes.length);

        assertThat(second).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void shouldDecodeMultiByteAndMalformedUtf8AsTheStringConstructorDoes() {
        DecodedStrings strings = new DecodedStrings();
        byte[] accented = utf8("montant_€_é");
        byte[] malformed = {'a', (byte) 0xC3, 'b'};

        assertThat(strings.decode(accented, 0, accented.length)).isEqualTo("montant_€_é");
        assertThat(strings.decode(malformed, 0, malformed.length))
                .isEqualTo(new String(malformed, StandardCharsets.UTF_8));
        assertThat(strings.decode(new byte[0], 0, 0)).isEmpty();
    }
}
