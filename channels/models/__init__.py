from .channel import Channel, ChannelCategory
from .listing import ChannelListing, InvalidTransition
from .runs import FeedLock, FeedRun, RefusedOffer, VanishedOffer

__all__ = ["Channel", "ChannelCategory", "ChannelListing", "InvalidTransition", "FeedLock", "FeedRun",
           "RefusedOffer", "VanishedOffer"]
