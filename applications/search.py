"""Search applications by title, summary, keywords, PI name and institution (Japanese and English).

One function, used by the officer list page (`q`) and the API list (`?search=`). Every word of the
NFKC-normalised query must appear (substring, case-insensitive — Japanese has no word breaks, and
trigram similarity on CJK text is weak) in one of the fields. Rows are ranked: title hits above
keyword hits above summary/PI/institution hits, then (PostgreSQL) by trigram similarity of the title,
then newest first. On PostgreSQL the substring tests use the GIN trigram indexes of migration 0008.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from sangaku.textsearch import QUERY_MAX, normalize, terms

# (weight, fields): a word found in a heavier field ranks the row higher.
WEIGHTS = [
    (4, ["title", "title_en", "receipt_number"]),
    (2, ["keywords"]),
    (1, ["summary"]),
]
OWN_FIELDS = [f for _weight, fields in WEIGHTS for f in fields]


def _any(fields: list[str], word: str, path: str = "") -> Q:
    q = Q()
    for field in fields:
        q |= Q(**{f"{path}{field}__icontains": word})
    return q


def _people_and_places(word: str, path: str = "") -> Q:
    """Rows whose PI or institution name contains `word`, as id lists (small tables) so the
    planner can OR them with the trigram index scans instead of joining every row."""
    from accounts.models import User
    from programs.models import Institution

    users = list(User.objects.filter(_any(["display_name", "display_name_en"], word)).values_list("pk", flat=True))
    places = list(Institution.objects.filter(_any(["name", "name_en"], word)).values_list("pk", flat=True))
    return Q(**{f"{path}applicant_id__in": users}) | Q(**{f"{path}institution_id__in": places})


def search_applications(queryset: QuerySet, query: str, *, path: str = "") -> QuerySet:
    """`queryset` (already scoped by the caller's selector) narrowed to `query` and ranked.

    `path` leads from the queryset's model to the application ("application__" for awards)."""
    words = terms(normalize(query)[:QUERY_MAX])
    if not words:
        return queryset
    rank = Value(0)
    for word in words:
        elsewhere = _people_and_places(word, path)
        queryset = queryset.filter(_any(OWN_FIELDS, word, path) | elsewhere)
        rank = rank + Case(
            *[When(_any(fields, word, path), then=Value(weight)) for weight, fields in WEIGHTS],
            When(elsewhere, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    queryset = queryset.annotate(search_rank=rank)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        phrase = " ".join(words)
        queryset = queryset.annotate(
            search_similarity=Greatest(
                TrigramSimilarity(f"{path}title", phrase), TrigramSimilarity(f"{path}title_en", phrase)
            )
        )
        return queryset.order_by("-search_rank", "-search_similarity", "-id")
    return queryset.order_by("-search_rank", "-id")
