from .channel import Channel, ChannelCategory
from .indexnow import IndexNowSubmission, IndexNowUrl
from .listing import ChannelListing, InvalidTransition
from .orders import (
    ChannelPush,
    ImportedOrder,
    ImportedOrderEvent,
    ImportedOrderLine,
    ImportRun,
    OrderImportLock,
    StatusMapping,
)
from .runs import FeedLock, FeedRun, RefusedOffer, VanishedOffer

__all__ = ["Channel", "ChannelCategory", "ChannelListing", "InvalidTransition", "FeedLock", "FeedRun",
           "IndexNowSubmission", "IndexNowUrl",
           "RefusedOffer", "VanishedOffer", "ChannelPush", "ImportedOrder", "ImportedOrderEvent",
           "ImportedOrderLine", "ImportRun", "OrderImportLock", "StatusMapping"]
