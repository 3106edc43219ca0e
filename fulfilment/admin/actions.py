"""What the admin's action views share: POST only, the model's "change" permission."""

from django.http import HttpResponseForbidden, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views import View


class ActionView(View):
    """A POST-only action on one model; `permission` is a Django permission codename."""

    permission = None
    methods = ("POST",)

    def dispatch(self, request, *args, **kwargs):
        if request.method not in self.methods:
            return HttpResponseNotAllowed(list(self.methods))
        if not request.user.is_authenticated or not request.user.has_perm(self.permission):
            return HttpResponseForbidden(_("You may not do this."))
        return super().dispatch(request, *args, **kwargs)
