from .cart import Cart, CartLine
from .checkout import AbandonedCart, Checkout
from .coupons import Coupon, CouponCategory, CouponProduct, CouponUsage
from .methods import DeliveryMethod, PaymentMethod
from .orders import Order, OrderLine, OrderTransition

__all__ = [
    "AbandonedCart", "Cart", "CartLine", "Checkout", "Coupon", "CouponCategory", "CouponProduct",
    "CouponUsage", "DeliveryMethod", "Order", "OrderLine", "OrderTransition", "PaymentMethod",
]
