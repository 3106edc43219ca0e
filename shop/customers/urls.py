"""Storefront URLs of accounts, lists and back-in-stock (inside i18n_patterns: /account/, /en/account/)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import accounts, addresses, back_in_stock, lists
from .views.password_reset import LimitedPasswordResetView

app_name = "customers"

password_views = [
    path("account/password/reset/", LimitedPasswordResetView.as_view(
        template_name="customers/password_reset.html",
        email_template_name="customers/email/password_reset.txt",
        subject_template_name="customers/email/password_reset_subject.txt",
        success_url=reverse_lazy("customers:password_reset_done")), name="password_reset"),
    path("account/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="customers/password_reset_done.html"), name="password_reset_done"),
    path("account/password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="customers/password_reset_confirm.html",
        success_url=reverse_lazy("customers:password_reset_complete")), name="password_reset_confirm"),
    path("account/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="customers/password_reset_complete.html"), name="password_reset_complete"),
    path("account/password/change/", auth_views.PasswordChangeView.as_view(
        template_name="customers/password_change.html",
        success_url=reverse_lazy("customers:account"),
        extra_context={"section": "profile"}), name="password_change"),
]

urlpatterns = [
    path("account/", accounts.account, name="account"),
    path("account/sign-up/", accounts.sign_up, name="sign_up"),
    path("account/sign-up/sent/", accounts.sign_up_sent, name="sign_up_sent"),
    path("account/sign-in/", accounts.sign_in, name="login"),
    path("account/sign-out/", auth_views.LogoutView.as_view(next_page="customers:login"), name="logout"),
    path("account/verify/resend/", accounts.resend_verification, name="resend_verification"),
    path("account/verify/<str:token>/", accounts.verify_email, name="verify_email"),
    *password_views,
    path("account/addresses/", addresses.address_list, name="addresses"),
    path("account/addresses/new/", addresses.address_edit, name="address_add"),
    path("account/addresses/<int:pk>/", addresses.address_edit, name="address_edit"),
    path("account/addresses/<int:pk>/delete/", addresses.address_delete, name="address_delete"),
    path("account/addresses/<int:pk>/default/", addresses.address_make_default, name="address_default"),
    path("account/lists/", lists.list_index, name="lists"),
    path("account/lists/add/", lists.add_to_list, name="list_add"),
    path("account/lists/<str:token>/", lists.list_detail, name="list"),
    path("account/lists/<str:token>/rename/", lists.list_rename, name="list_rename"),
    path("account/lists/<str:token>/delete/", lists.list_delete, name="list_delete"),
    path("account/lists/<str:token>/remove/<int:product_id>/", lists.item_remove, name="list_item_remove"),
    path("lists/shared/<str:share_token>/", lists.shared_list, name="shared_list"),
    path("back-in-stock/", back_in_stock.back_in_stock, name="back_in_stock"),
]
