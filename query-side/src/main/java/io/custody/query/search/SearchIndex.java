package io.custody.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.custody.query.support.BatchBuffer;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Writes to and manages the search index. Writes made while handling a batch of events are buffered
 * in the batch's unit of work and sent as one bulk request before the batch's token is committed; a
 * failed item fails the batch, so Axon retries it instead of losing the document. Each document's ES
 * version is the global position of the event that produced it (external versioning), which makes
 * re-applying an event a rejected no-op rather than a regression. A removal ({@link #remove}) is a delete at
 * the removing event's position, so the older events that wrote the document cannot bring it back when re-applied
 * (Elasticsearch keeps a removal's version for {@code index.gc_deletes}, 60 s; a rebuild replays in order).
 *
 * <p>Bulk requests do not refresh the index: a refresh per bulk request would make every small batch a
 * new Lucene segment, and writing and merging them a large share of the server's CPU under ingest. Instead
 * a search on this instance first refreshes if anything was written since the last refresh
 * ({@link #refreshIfBehind()}), so read-your-writes holds for search; other instances see new documents within the index's refresh interval (one second). The index
 * does not set that interval ({@code search/index.json}): left at its default, a shard nobody searched for
 * 30 seconds stops refreshing until the next search, which then waits for one refresh.
 */
@Component
public class SearchIndex implements InitializingBean {

    public static final String GROUP = "search-index";

    private static final String PENDING = SearchIndex.class.getName() + ".pending";

    private final ElasticsearchClient client;
    private final String alias;
    /** Bulk requests written, and the count the last completed refresh covered. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong refreshed = new AtomicLong();

    public SearchIndex(ElasticsearchClient client, @Value("${custody.search.index:custody-search}") String alias) {
        this.client = client;
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /** The index must exist with its mapping before any processor writes, or ES would guess one. */
    @Override
    public void afterPropertiesSet() {
        ensureIndex();
    }

    /** Creates the first physical index behind the alias if neither exists yet. */
    public void ensureIndex() {
        try {
            if (client.indices().existsAlias(a -> a.name(alias)).value()) {
                return;
            }
            String physical = alias + "-v1";
            if (!client.indices().exists(e -> e.index(physical)).value()) {
                try (InputStream mapping = getClass().getResourceAsStream("/search/index.json")) {
                    client.indices().create(c -> c.index(physical).withJson(mapping).aliases(alias, a -> a));
                }
            } else {
                client.indices().putAlias(p -> p.index(physical).name(alias));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create search index " + alias, e);
        }
    }

    /** A write queued for this batch's bulk request: a document, or the removal of one at an event's position. */
    private record Write(String id, SearchDocument document, long position) {
    }

    /** Queues the document for this batch's bulk request. */
    public void put(SearchDocument document) {
        pending().put(document.id(), new Write(document.id(), document, document.position()));
    }

    /**
     * Queues the removal of the document {@code id} as of the event at {@code position}: the entity is gone from
     * the index (a deleted registered model), while its events keep it.
     */
    public void remove(String id, long position) {
        pending().put(id, new Write(id, null, position));
    }

    /** The current document, including one queued earlier in this batch; empty once removed. */
    public Optional<SearchDocument> get(String id) {
        Write queued = pending().get(id);
        if (queued != null) {
            return Optional.ofNullable(queued.document());
        }
        try {
            GetResponse<SearchDocument> response = client.get(g -> g.index(alias).id(id), SearchDocument.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("search index unreachable reading " + id, e);
        }
    }

    private Map<String, Write> pending() {
        return BatchBuffer.of(PENDING, LinkedHashMap::new, this::flush);
    }

    void flush(Map<String, Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.False);
        batch.values().forEach(write -> bulk.operations(op -> write.document() == null
                ? op.delete(d -> d.index(alias).id(write.id()).versionType(VersionType.External)
                        .version(write.position()))
                : op.index(i -> i.index(alias).id(write.id()).document(write.document())
                        .versionType(VersionType.External).version(write.position()))));
        try {
            BulkResponse response = client.bulk(bulk.build());
            if (response.errors()) {
                // 409: the index already holds this or a newer version of the document, i.e. the event
                // was applied before (replay, redelivery). A removal of a document never indexed answers 404 and
                // records its version all the same. Anything else is a real failure.
                List<BulkResponseItem> failed = response.items().stream()
                        .filter(item -> item.error() != null && item.status() != 409).toList();
                if (!failed.isEmpty()) {
                    throw new SearchIndexingException("search indexing failed: " + failed.stream()
                            .map(SearchIndex::describe).collect(Collectors.joining("; ")),
                            failed.stream().map(BulkResponseItem::status).distinct().toList());
                }
            }
        } catch (IOException e) {
            throw new SearchIndexingException("search index unreachable: " + e.getMessage(), e, List.of());
        } catch (ElasticsearchException e) {
            throw new SearchIndexingException("search index refused the request: " + e.getMessage(), e,
                    List.of(e.status()));
        } finally {
            // Counted even when the request failed: some items may have been written.
            written.incrementAndGet();
        }
    }

    /**
     * Makes every bulk request completed so far visible to search, if a refresh since has not already.
     * Concurrent searches may both refresh; the node merges refreshes that overlap.
     */
    public void refreshIfBehind() {
        long target = written.get();
        if (refreshed.get() >= target) {
            return;
        }
        try {
            client.indices().refresh(r -> r.index(alias));
        } catch (IOException | ElasticsearchException e) {
            throw new SearchIndexingException("search index unreachable refreshing: " + e.getMessage(), e, List.of());
        }
        refreshed.accumulateAndGet(target, Math::max);
    }

    private static String describe(BulkResponseItem item) {
        return item.id() + " -> " + item.status() + " " + item.error().type() + ": " + item.error().reason();
    }

    public ElasticsearchClient client() {
        return client;
    }
}
