from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Content")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from home.templatetags.site_tags import forget_navigation

        # Menus, breadcrumbs and translations links are cached (home/templatetags/site_tags.py);
        # any change to the page tree or the site settings renews them.
        for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                             ("moved", post_page_move)):
            signal.connect(forget_navigation, dispatch_uid=f"site-nav-page-{name}")
        post_delete.connect(forget_navigation, sender=Page, dispatch_uid="site-nav-page-delete")
        for model in (PageViewRestriction, "home.SiteSettings"):
            post_save.connect(forget_navigation, sender=model, dispatch_uid=f"site-nav-save-{model}")
            post_delete.connect(forget_navigation, sender=model, dispatch_uid=f"site-nav-del-{model}")
