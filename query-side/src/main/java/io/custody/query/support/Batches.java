package io.custody.query.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Helpers for batch loaders whose parents were read as of different instants. */
public final class Batches {

    private Batches() {
    }

    /**
     * Splits the parents by the instant they were read as of (one query may ask for several), loads each
     * group once, and merges the answers. Parents read now have a null AsOf and form one group.
     */
    public static <P, V> Map<P, V> perAsOf(List<P> parents, Function<P, AsOf> asOfOf,
                                           BiFunction<List<P>, AsOf, Map<P, V>> load) {
        Map<AsOf, List<P>> groups = new HashMap<>();
        List<P> current = new ArrayList<>();
        for (P parent : parents) {
            AsOf asOf = asOfOf.apply(parent);
            if (asOf == null) {
                current.add(parent);
            } else {
                groups.computeIfAbsent(asOf, k -> new ArrayList<>()).add(parent);
            }
        }
        Map<P, V> out = new LinkedHashMap<>();
        if (!current.isEmpty()) {
            out.putAll(load.apply(current, null));
        }
        groups.forEach((asOf, group) -> out.putAll(load.apply(group, asOf)));
        return out;
    }
}
