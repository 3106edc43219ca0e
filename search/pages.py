"""What the results page and the JSON endpoint both show for a request: one search, one listing."""

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search import service
from search.categories import chosen_category, counts
from search.listing import SearchListing
from search.vocabulary import vocabulary

# Parameters that only say what to search; any other one narrows an earlier search.
SEARCH_PARAMS = {"q", "exact"}


@dataclass
class SearchResults:
    outcome: service.Outcome
    listing: SearchListing | None = None
    category: object = None
    categories: list = field(default_factory=list)

    @property
    def query(self):
        return self.outcome.typed.text

    @property
    def total(self):
        return self.listing.total if self.listing else 0

    def suggestions(self, limit=3):
        """Catalog words close to the query's unknown words, for "did you mean" on an empty page."""
        vocab = vocabulary()
        out = []
        for word in self.outcome.query.words:
            if word in vocab or word.isdigit() or len(word) < 3:
                continue
            found = process.extractOne(word, vocab.lettered, scorer=OSA.normalized_distance,
                                       score_cutoff=0.5)
            if found and vocab.label(found[0]) not in out:
                out.append(vocab.label(found[0]))
        return out[:limit]


def search_results(request, page_size=None) -> SearchResults:
    params = request.GET
    exact = params.get("exact") == "1"
    outcome = service.run(params.get("q", ""), correct=not exact)
    results = SearchResults(outcome)
    if not outcome.searched:
        return results
    results.category = chosen_category(params.get("category"))
    keep = {"q": outcome.typed.text}
    if exact:
        keep["exact"] = "1"
    if results.category:
        keep["category"] = results.category.pk
    results.listing = SearchListing(request, root=results.category, ranked_ids=outcome.hits.ids,
                                     page_size=page_size, keep=keep)
    results.categories = counts(outcome.hits.ids, results.category.pk if results.category else None,
                                known=outcome.hits.categories)
    return results


def is_new_search(request) -> bool:
    """A first look at a query (not a later page or a filter change): what the log counts."""
    return set(request.GET) <= SEARCH_PARAMS
