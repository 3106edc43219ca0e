from search import service


def found(query, shop=None, **kwargs):
    """Keys of `shop["products"]` (or ids) that a search finds, best first."""
    ids = service.run(query, **kwargs).hits.ids
    if shop is None:
        return ids
    names = {p.pk: key for key, p in shop["products"].items()}
    return [names.get(pk, pk) for pk in ids]
