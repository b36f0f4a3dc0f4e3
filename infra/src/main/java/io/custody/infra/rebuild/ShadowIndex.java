package io.custody.infra.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.custody.query.search.SearchIndex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search index rebuilt beside the live one: a new physical index {@code <alias>-v<n+1>} with the same
 * mapping, filled while the alias still points at {@code <alias>-v<n>}; the switch moves the alias in one
 * atomic request. The previous generation stays until the next rebuild starts.
 */
final class ShadowIndex {

    private final ElasticsearchClient client;
    private final String alias;
    private String live;
    private String rebuilt;

    ShadowIndex(SearchIndex index) {
        this.client = index.client();
        this.alias = index.alias();
    }

    /** The index the rebuild fills. */
    String rebuilt() {
        return rebuilt;
    }

    /** The index the alias pointed at before the switch. */
    String live() {
        return live;
    }

    void create() {
        try {
            Set<String> current = client.indices().getAlias(g -> g.name(alias)).result().keySet();
            if (current.size() != 1) {
                throw new IllegalStateException("search alias " + alias + " points at " + current + ", expected one index");
            }
            live = current.iterator().next();
            Pattern generation = Pattern.compile(Pattern.quote(alias) + "-v(\\d+)");
            int newest = 0;
            for (String index : client.indices().get(g -> g.index(alias + "-v*")).result().keySet()) {
                Matcher m = generation.matcher(index);
                if (!m.matches()) {
                    continue;
                }
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
                if (!index.equals(live)) {
                    // A retired generation or an abandoned attempt.
                    client.indices().delete(d -> d.index(index));
                }
            }
            rebuilt = alias + "-v" + (newest + 1);
            try (InputStream mapping = SearchIndex.class.getResourceAsStream("/search/index.json")) {
                client.indices().create(c -> c.index(rebuilt).withJson(mapping));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search cluster unreachable preparing the rebuild of " + alias, e);
        }
    }

    /** Points the alias at the rebuilt index, atomically. */
    void swap() {
        try {
            // Bulk writes do not refresh (SearchIndex): make the rebuilt index's documents searchable before
            // searches start reading it, since the live instance's refresh bookkeeping knows nothing of them.
            client.indices().refresh(r -> r.index(rebuilt));
            client.indices().updateAliases(u -> u
                    .actions(a -> a.remove(r -> r.index(live).alias(alias)))
                    .actions(a -> a.add(r -> r.index(rebuilt).alias(alias))));
        } catch (IOException e) {
            throw new UncheckedIOException("search cluster unreachable switching " + alias, e);
        }
    }

    void drop() {
        if (rebuilt == null) {
            return;
        }
        try {
            client.indices().delete(d -> d.index(rebuilt).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException("search cluster unreachable dropping " + rebuilt, e);
        }
    }
}
