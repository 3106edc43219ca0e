"""Extension points of the checkout for apps above shop; shop never imports those apps.

ORDER_CHECKOUT_FORM_EXTENSIONS lists dotted paths of classes. The form makes one of each and calls
  adapt(form)        once the form is built: change a widget, offer choices, add help text;
  clean(form, data)  at the end of the form's clean, with the cleaned data: add errors, or
                     normalise a value (e.g. a carrier's branch picked from its directory).
A checkout POST with a `refresh` field only saves what is valid and shows the form again (a
button such as "show the branches of this city" works without JavaScript that way)."""

from django.conf import settings
from django.utils.module_loading import import_string


def checkout_form_extensions() -> list:
    return [import_string(path)() for path in getattr(settings, "ORDER_CHECKOUT_FORM_EXTENSIONS", [])]
