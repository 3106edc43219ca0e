"""Builders shared by the admin tests."""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from shop.models import ProductImage


def make_editor(username, *codenames):
    """A user who may open the Wagtail admin, with only the given permissions."""
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    group = Group.objects.create(name=f"group-{username}")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(codename__in=codenames),
    )
    user.groups.add(group)
    return user


def make_image(title="photo", colour=(200, 30, 30)):
    buffer = BytesIO()
    PILImage.new("RGB", (120, 90), colour).save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def add_photo(product, image=None):
    ProductImage.objects.create(product=product, image=image or make_image(f"p{product.pk}"), sort_order=0)
    return product


def form_data(html, form_selector="form"):
    """What a browser would submit from the first form matching `form_selector`, as a dict."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data
