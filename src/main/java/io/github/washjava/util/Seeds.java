package io.github.washjava.util;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent random streams from one run seed.
 *
 * <p>Every stream in the project (member init, member data order, the shuffle of tensor l at step t)
 * is named by a purpose and integer coordinates, so two workers that know the run seed compute the
 * same stream without talking to each other. This is what lets the WASH shuffle run on several
 * machines with no index traffic (docs/method.md §3, "Distributed form").
 */
public final class Seeds {
    private Seeds() {
    }

    /** A 64-bit seed for the stream {@code (runSeed, purpose, coordinates...)}; a pure function. */
    public static long derive(long runSeed, String purpose, long... coordinates) {
        long h = mix(runSeed ^ 0x9E3779B97F4A7C15L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** SplitMix64's finaliser: a bijective, well-mixing 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
