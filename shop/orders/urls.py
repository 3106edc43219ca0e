from django.urls import path

from shop.orders.views import account, cart, checkout

app_name = "orders"
urlpatterns = [
    path("cart/", cart.cart_page, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", cart.line_update, name="line_update"),
    path("cart/lines/<int:line_id>/remove/", cart.line_remove, name="line_remove"),
    path("cart/coupon/", cart.coupon, name="coupon"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("orders/<str:token>/", checkout.confirmation, name="confirmation"),
    path("account/orders/", account.account_orders, name="account_orders"),
    path("account/orders/<str:number>/", account.account_order, name="account_order"),
]
