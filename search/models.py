"""Search data: synonyms the manager edits, the embedded index, and the query log.

The embedded index (SearchDocument, SearchTerm, SearchPosting) is an inverted
index kept in the shop's own database: each findable product's words with
the field they come from, and the vocabulary of distinct words with the
number of products using them. Query understanding reads the vocabulary
whatever the backend; the database backend also reads the postings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search.text import words


class SearchSynonym(models.Model):
    """Words or phrases a shopper may use for the same thing (кросівки, кроссовки, sneakers)."""

    terms = models.TextField(
        help_text=_("Comma-separated words or phrases that mean the same, e.g. "
                    "“кросівки, кроссовки, sneakers”."), verbose_name=_("terms"),
    )
    one_way = models.BooleanField(
        default=True,
        help_text=_("The other words lead to the first one only: “сапоги” finds чоботи, but “чоботи” "
                    "does not also find everything called “boots”. Untick to make every word find "
                    "every other."), verbose_name=_("one way"),
    )
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    panels = [FieldPanel("terms"), FieldPanel("one_way"), FieldPanel("note")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms[:80]

    def term_list(self) -> list[str]:
        """The terms as written (trimmed), empty ones dropped, repeats kept once."""
        found = []
        for raw in self.terms.split(","):
            term = " ".join(raw.split())
            if term and words(term) and term not in found:
                found.append(term)
        return found


class SearchDocument(models.Model):
    """A findable product's folded text, as last indexed."""

    product = models.OneToOneField(
        "shop.Product", primary_key=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("product"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")


class SearchTerm(models.Model):
    """One distinct word of the catalog and how many findable products use it."""

    word = models.CharField(max_length=40, unique=True, verbose_name=_("word"))  # folded (search.text.fold)
    label = models.CharField(max_length=40, blank=True,
        verbose_name=_("label"))  # as written, for suggestions
    documents = models.PositiveIntegerField(default=0, verbose_name=_("documents"))

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.word


class SearchPosting(models.Model):
    """A word of a product, with the weight of the best field it appears in.

    The product's ranking facts (in stock, seasons, category) are copied into
    each of its postings, so a search reads only the postings of its words,
    from one index, and never visits the products (see backends/database.py).
    They are rewritten whenever the product is reindexed, which stock crossing
    zero, publishing and every edit trigger.
    """

    class Field(models.IntegerChoices):
        OTHER = 1, _("other")  # brand, colour, material, season...
        CATEGORY = 2, _("category")
        NAME = 3, _("name")

    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="+", db_index=False,
        verbose_name=_("term"))
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("product"))
    weight = models.PositiveSmallIntegerField(choices=Field.choices, verbose_name=_("weight"))
    in_stock = models.PositiveSmallIntegerField(default=0, verbose_name=_("in stock"))  # 1 or 0
    seasons = models.PositiveSmallIntegerField(default=0,
        verbose_name=_("seasons"))  # bits: search.season.SEASON_BITS
    category_id = models.IntegerField(null=True, verbose_name=_("category ID"))

    class Meta:
        verbose_name = _("search posting")
        verbose_name_plural = _("search postings")
        # Covers the lookup "products having these words" without visiting the table.
        indexes = [models.Index(fields=["term", "product", "weight", "in_stock", "seasons", "category_id"],
                                name="search_posting_lookup")]


class SearchQuery(models.Model):
    """A normalised query shoppers typed: totals across days, and whether it is shown as popular."""

    text = models.CharField(max_length=200, unique=True, verbose_name=_("text"))
    hits = models.PositiveIntegerField(default=0, help_text=_("How many times it was searched."),
        verbose_name=_("hits"))
    results = models.PositiveIntegerField(default=0, help_text=_("Products found the last time."),
        verbose_name=_("results"))
    popular = models.BooleanField(
        default=False, help_text=_("Show it under “Popular searches” on the homepage."),
        verbose_name=_("popular"))
    first_searched_at = models.DateTimeField(auto_now_add=True, verbose_name=_("first searched at"))
    last_searched_at = models.DateTimeField(auto_now_add=True, verbose_name=_("last searched at"))

    panels = [FieldPanel("text", read_only=True), FieldPanel("popular")]

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        indexes = [models.Index(fields=["popular", "hits"]), models.Index(fields=["results", "hits"])]

    def __str__(self):
        return self.text


class SearchQueryDay(models.Model):
    """How often a query was searched on one day: one row per query and day, not per request."""

    query = models.ForeignKey(SearchQuery, on_delete=models.CASCADE, related_name="days",
        verbose_name=_("query"))
    day = models.DateField(verbose_name=_("day"))
    hits = models.PositiveIntegerField(default=0, verbose_name=_("hits"))
    results = models.PositiveIntegerField(default=0, verbose_name=_("results"))

    class Meta:
        verbose_name = _("search query day")
        verbose_name_plural = _("search query days")
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="unique_search_query_day")]
        indexes = [models.Index(fields=["day", "query"])]


class ZeroResultQuery(SearchQuery):
    """Queries whose last search found nothing: their own admin listing."""

    class Meta:
        proxy = True
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
