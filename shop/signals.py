from django.db.models.signals import post_delete, post_save

from shop.facets import forget_facets
from shop.models import AttributeDefinition, AttributeOption

for model in (AttributeDefinition, AttributeOption):
    post_save.connect(forget_facets, sender=model, dispatch_uid=f"facets-save-{model.__name__}")
    post_delete.connect(forget_facets, sender=model, dispatch_uid=f"facets-del-{model.__name__}")
