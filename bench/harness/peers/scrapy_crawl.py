#!/usr/bin/env python3
"""The seed's job with Scrapy and its FilesPipeline, as a skilled user configures it.

All listing pages are start URLs; each page yields one item whose file_urls are the full-size
pictures; FilesPipeline downloads them into OUT/full/<sha1 of url>.jpg.
Usage: scrapy_crawl.py BASE_URL PAGES OUT [CONCURRENCY]
"""
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class GallerySpider(scrapy.Spider):
    name = "gallery"

    def __init__(self, base, pages, **kw):
        super().__init__(**kw)
        self.start_urls = [f"{base}/picture/lists/p/{n}" for n in range(1, pages + 1)]

    def parse(self, response):
        yield {
            "file_urls": [
                response.urljoin(u.replace("/thumb_", "/thumbMid_"))
                for u in response.css("div.workimage img::attr(data-original)").getall()
            ]
        }


def main(base, pages, out, concurrency):
    process = CrawlerProcess(
        settings={
            "ITEM_PIPELINES": {"scrapy.pipelines.files.FilesPipeline": 1},
            "FILES_STORE": out,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "CONCURRENT_ITEMS": 200,
            "REACTOR_THREADPOOL_MAXSIZE": 20,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "COOKIES_ENABLED": False,
            "RETRY_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }
    )
    process.crawl(GallerySpider, base=base, pages=pages)
    process.start()


if __name__ == "__main__":
    base, pages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    main(base, pages, out, int(sys.argv[4]) if len(sys.argv) > 4 else 64)
