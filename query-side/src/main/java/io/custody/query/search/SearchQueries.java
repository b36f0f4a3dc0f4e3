package io.custody.query.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.custody.errors.CustodyException;
import io.custody.query.support.AsOf;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Full-text search. Without {@code filters.asOf} it is answered by Elasticsearch alone, facets included.
 * With it, Elasticsearch (which holds each entity's current document) supplies the text matches, and the
 * temporal read models say which of them existed at the instant and what their changing facets were
 * then; see {@link SearchTimeline} and docs/time-travel.md.
 */
@Controller
class SearchQueries {

    /** The fields offered as facets, with the index field each one counts. */
    private static final Map<String, String> FACETS = Map.of(
            "type", "type", "owner", "owner", "domain", "domain", "environment", "environment", "live", "live");
    /** Search asked as of an instant considers at most this many best text matches (Elasticsearch's result window). */
    static final int AS_OF_CANDIDATES = 10_000;
    private static final int FACET_SIZE = 20;

    private final SearchIndex index;
    private final Map<EntityType, SearchTimeline> timelines = new EnumMap<>(EntityType.class);

    SearchQueries(SearchIndex index, List<SearchTimeline> timelines) {
        this.index = index;
        timelines.forEach(t -> t.types().forEach(type -> this.timelines.put(type, t)));
    }

    record SearchFilters(String owner, String domain, String environment, Boolean live, List<String> tags,
                         Boolean quarantined, OffsetDateTime asOf, AsOf.TimeBasis timeBasis) {
    }

    record SearchHit(EntityType type, String id, String key, String title, Double score, String owner,
                     String domain, String environment, Boolean live, List<String> tags, Boolean quarantined) {
    }

    record FacetBucket(String value, long count) {
    }

    record Facet(String field, List<FacetBucket> buckets) {
    }

    record SearchResults(long total, List<SearchHit> hits, List<Facet> facets) {
    }

    @QueryMapping
    SearchResults search(@Argument String text, @Argument List<EntityType> types, @Argument SearchFilters filters,
                         @Argument Integer first) {
        int size = first == null ? 20 : first;
        if (size < 0 || size > 200) {
            throw CustodyException.badRequest("first", "must be between 0 and 200");
        }
        if (text != null && text.length() > 1000) {
            throw CustodyException.badRequest("text", "must be at most 1000 characters");
        }
        AsOf asOf = filters == null ? null : AsOf.of(filters.asOf(), filters.timeBasis());
        Query query = query(text, types, filters, asOf == null);
        index.refreshIfBehind();
        try {
            return asOf == null ? current(query, size) : asOf(query, size, filters, asOf);
        } catch (IOException e) {
            throw new UncheckedIOException("search index unreachable", e);
        }
    }

    /** The index's own answer: hits and facets as the documents are now. */
    private SearchResults current(Query query, int size) throws IOException {
        SearchResponse<SearchDocument> response = index.client().search(s -> {
            s.index(index.alias()).query(query).size(size).trackTotalHits(t -> t.enabled(true));
            FACETS.forEach((name, field) -> s.aggregations(name, a -> a.terms(t -> t.field(field).size(FACET_SIZE))));
            return s;
        }, SearchDocument.class);
        List<SearchHit> hits = response.hits().hits().stream()
                .filter(h -> h.source() != null)
                .map(h -> hit(h.source(), h.score()))
                .toList();
        List<Facet> facets = new ArrayList<>();
        FACETS.keySet().stream().sorted().forEach(name -> {
            var agg = response.aggregations().get(name);
            List<FacetBucket> buckets = new ArrayList<>();
            if (agg != null && agg.isSterms()) {
                for (StringTermsBucket b : agg.sterms().buckets().array()) {
                    buckets.add(new FacetBucket(b.key().stringValue(), b.docCount()));
                }
            } else if (agg != null && agg.isLterms()) {
                // Boolean fields come back as long terms with a key_as_string of "true"/"false".
                agg.lterms().buckets().array().forEach(b -> buckets.add(new FacetBucket(
                        b.keyAsString() != null ? b.keyAsString() : String.valueOf(b.key()), b.docCount())));
            }
            facets.add(new Facet(name, buckets));
        });
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        return new SearchResults(total, hits, facets);
    }

    /**
     * The answer as of an instant: the best text matches (facets that never change already applied by the
     * index), kept if the entity existed then, with live, quarantined and title as they were then; the
     * live and quarantined filters, the total and the facets are computed on those states.
     */
    private SearchResults asOf(Query query, int size, SearchFilters filters, AsOf asOf) throws IOException {
        SearchResponse<SearchDocument> response = index.client().search(s -> s.index(index.alias()).query(query)
                .size(AS_OF_CANDIDATES).source(src -> src.filter(f -> f.excludes("text"))), SearchDocument.class);
        List<Hit<SearchDocument>> candidates = response.hits().hits().stream().filter(h -> h.source() != null).toList();
        Map<EntityType, Map<String, SearchTimeline.HitState>> states = new EnumMap<>(EntityType.class);
        candidates.stream().collect(Collectors.groupingBy(h -> EntityType.valueOf(h.source().type()),
                        Collectors.mapping(h -> h.source().key(), Collectors.toList())))
                .forEach((type, keys) -> {
                    SearchTimeline timeline = timelines.get(type);
                    states.put(type, timeline == null ? Map.of() : timeline.statesAt(type, keys, asOf));
                });
        List<SearchHit> matches = new ArrayList<>();
        for (Hit<SearchDocument> candidate : candidates) {
            SearchDocument doc = candidate.source();
            SearchTimeline.HitState state = states.get(EntityType.valueOf(doc.type())).get(doc.key());
            if (state == null) {
                continue;
            }
            SearchHit hit = hit(doc, candidate.score());
            hit = new SearchHit(hit.type(), hit.id(), hit.key(), state.title() != null ? state.title() : hit.title(),
                    hit.score(), hit.owner(), hit.domain(), hit.environment(),
                    state.live() != null ? state.live() : hit.live(), hit.tags(),
                    state.quarantined() != null ? state.quarantined() : hit.quarantined());
            if (filters.live() != null && !filters.live().equals(hit.live())) {
                continue;
            }
            if (filters.quarantined() != null && !filters.quarantined().equals(hit.quarantined())) {
                continue;
            }
            matches.add(hit);
        }
        Map<String, Function<SearchHit, Object>> fields = Map.of("type", SearchHit::type, "owner", SearchHit::owner,
                "domain", SearchHit::domain, "environment", SearchHit::environment, "live", SearchHit::live);
        List<Facet> facets = fields.keySet().stream().sorted().map(name -> new Facet(name,
                count(matches, fields.get(name)))).toList();
        return new SearchResults(matches.size(), matches.stream().limit(size).toList(), facets);
    }

    /** Buckets as Elasticsearch orders them: by count, largest first, then by value. */
    private static List<FacetBucket> count(List<SearchHit> hits, Function<SearchHit, Object> field) {
        Map<String, Long> counts = hits.stream().map(field).filter(Objects::nonNull).map(String::valueOf)
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(FACET_SIZE).map(e -> new FacetBucket(e.getKey(), e.getValue())).toList();
    }

    private static SearchHit hit(SearchDocument d, Double score) {
        return new SearchHit(EntityType.valueOf(d.type()), d.id(), d.key(), d.title(), score, d.owner(), d.domain(),
                d.environment(), d.live(), d.tags(), d.quarantined());
    }

    /** The query; facets that change over time (live, quarantined) are left to the caller when asked as of an instant. */
    private static Query query(String text, List<EntityType> types, SearchFilters filters, boolean changingFacets) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (text == null || text.isBlank()) {
            bool.must(m -> m.matchAll(a -> a));
        } else {
            bool.must(m -> m.multiMatch(mm -> mm.query(text).type(TextQueryType.BestFields)
                    .fields("title^3", "key.text^2", "text", "tags", "owner", "domain", "environment")));
        }
        if (types != null && !types.isEmpty()) {
            bool.filter(f -> f.terms(t -> t.field("type").terms(v -> v.value(
                    types.stream().map(type -> FieldValue.of(type.name())).toList()))));
        }
        if (filters != null) {
            term(bool, "owner", filters.owner());
            term(bool, "domain", filters.domain());
            term(bool, "environment", filters.environment());
            if (changingFacets && filters.live() != null) {
                bool.filter(f -> f.term(t -> t.field("live").value(filters.live())));
            }
            if (changingFacets && filters.quarantined() != null) {
                bool.filter(f -> f.term(t -> t.field("quarantined").value(filters.quarantined())));
            }
            if (filters.tags() != null) {
                filters.tags().forEach(tag -> term(bool, "tags", tag));
            }
        }
        return bool.build()._toQuery();
    }

    private static void term(BoolQuery.Builder bool, String field, String value) {
        if (value != null && !value.isBlank()) {
            bool.filter(f -> f.term(t -> t.field(field).value(value)));
        }
    }
}
