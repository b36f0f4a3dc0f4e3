package io.custody.bench;

/**
 * Times one operation on two servers in the same run: warm-up rounds first, then {@code count} rounds, each
 * calling both, alternating which goes first, so that neither always meets a machine the other just warmed.
 */
final class Alternating {

    /** One timed call: round {@code i} (negative while warming up); answers the nanoseconds it took. */
    interface Call {
        long time(int i) throws Exception;
    }

    /** The times of each side, in nanoseconds, warm-up excluded. */
    record Times(long[] a, long[] b) {
    }

    private Alternating() {
    }

    static Times time(int count, int warmUp, Call a, Call b) throws Exception {
        long[] onA = new long[count];
        long[] onB = new long[count];
        for (int i = -warmUp; i < count; i++) {
            boolean aFirst = (i & 1) == 0;
            long first = aFirst ? a.time(i) : b.time(i);
            long second = aFirst ? b.time(i) : a.time(i);
            if (i >= 0) {
                onA[i] = aFirst ? first : second;
                onB[i] = aFirst ? second : first;
            }
        }
        return new Times(onA, onB);
    }
}
