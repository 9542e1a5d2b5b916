from tests.newssite.fixtures import news_site

__all__ = ["news_site"]
