package io.custody.query.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.custody.errors.CustodyException;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Controller
class SearchQueries {

    /** The fields offered as facets, with the index field each one counts. */
    private static final Map<String, String> FACETS = Map.of(
            "type", "type", "owner", "owner", "domain", "domain", "environment", "environment", "live", "live");

    private final SearchIndex index;

    SearchQueries(SearchIndex index) {
        this.index = index;
    }

    record SearchFilters(String owner, String domain, String environment, Boolean live, List<String> tags,
                         Boolean quarantined) {
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
            if (filters.live() != null) {
                bool.filter(f -> f.term(t -> t.field("live").value(filters.live())));
            }
            if (filters.quarantined() != null) {
                bool.filter(f -> f.term(t -> t.field("quarantined").value(filters.quarantined())));
            }
            if (filters.tags() != null) {
                filters.tags().forEach(tag -> term(bool, "tags", tag));
            }
        }
        Query query = bool.build()._toQuery();
        try {
            SearchResponse<SearchDocument> response = index.client().search(s -> {
                s.index(index.alias()).query(query).size(size).trackTotalHits(t -> t.enabled(true));
                FACETS.forEach((name, field) -> s.aggregations(name, a -> a.terms(t -> t.field(field).size(20))));
                return s;
            }, SearchDocument.class);
            List<SearchHit> hits = response.hits().hits().stream()
                    .filter(h -> h.source() != null)
                    .map(h -> {
                        SearchDocument d = h.source();
                        return new SearchHit(EntityType.valueOf(d.type()), d.id(), d.key(), d.title(), h.score(),
                                d.owner(), d.domain(), d.environment(), d.live(), d.tags(), d.quarantined());
                    }).toList();
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
        } catch (IOException e) {
            throw new UncheckedIOException("search index unreachable", e);
        }
    }

    private static void term(BoolQuery.Builder bool, String field, String value) {
        if (value != null && !value.isBlank()) {
            bool.filter(f -> f.term(t -> t.field(field).value(value)));
        }
    }
}
