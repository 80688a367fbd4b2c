"""An explorable network of who does what to whom in a news article, every edge backed by a quote."""

__version__ = "0.1.0"
