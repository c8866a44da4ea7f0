#!/usr/bin/env python3
"""The seed's job with asyncio + aiohttp, as a skilled user writes it.

All listing pages are fetched at once with gather; every full-size picture is then fetched with at
most CONCURRENCY requests in flight (one shared connection pool, keep-alive) and written to OUT.
Usage: aiohttp_crawl.py BASE_URL PAGES OUT [CONCURRENCY]
"""
import asyncio
import os
import sys
from urllib.parse import urljoin

import aiohttp
from bs4 import BeautifulSoup


async def fetch_page(session, url):
    async with session.get(url) as resp:
        resp.raise_for_status()
        return url, await resp.text()


def picture_urls(page_url, html):
    soup = BeautifulSoup(html, "lxml")
    for img in soup.select("div.workimage img[data-original]"):
        yield urljoin(page_url, img["data-original"].replace("/thumb_", "/thumbMid_"))


async def save(session, sem, url, out):
    async with sem:
        async with session.get(url) as resp:
            resp.raise_for_status()
            body = await resp.read()
    name = os.path.basename(url)
    with open(os.path.join(out, name), "wb") as f:
        f.write(body)


async def main(base, pages, out, concurrency):
    os.makedirs(out, exist_ok=True)
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        listing = [f"{base}/picture/lists/p/{n}" for n in range(1, pages + 1)]
        results = await asyncio.gather(*(fetch_page(session, u) for u in listing))
        urls = list(dict.fromkeys(u for page_url, html in results for u in picture_urls(page_url, html)))
        sem = asyncio.Semaphore(concurrency)
        await asyncio.gather(*(save(session, sem, u, out) for u in urls))


if __name__ == "__main__":
    base, pages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    asyncio.run(main(base, pages, out, int(sys.argv[4]) if len(sys.argv) > 4 else 64))
