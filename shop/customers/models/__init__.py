from .addresses import Address
from .back_in_stock import BackInStockSubscription
from .lists import ListItem, ShoppingList
from .profiles import CustomerProfile

__all__ = ["Address", "BackInStockSubscription", "CustomerProfile", "ListItem", "ShoppingList"]
