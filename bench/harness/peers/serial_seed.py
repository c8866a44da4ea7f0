#!/usr/bin/env python3
"""The seed article's crawler without its decorative asyncio: requests + bs4, one request at a time.

Like the article: requests.get per URL (no session), BeautifulSoup with lxml, class workimage,
"thumb" -> "thumbMid". Files are named after the URL's last segment (the article used time.time(),
which can collide). Usage: serial_seed.py BASE_URL PAGES OUT
"""
import os
import sys

import requests
from bs4 import BeautifulSoup


def save_img(base, img_url, out):
    img_url = img_url.replace("thumb", "thumbMid")
    res = requests.get(base + img_url, timeout=120)
    res.raise_for_status()
    with open(os.path.join(out, os.path.basename(img_url)), "wb") as f:
        f.write(res.content)


def main(base, pages, out):
    os.makedirs(out, exist_ok=True)
    for page in range(1, pages + 1):
        html = requests.get(f"{base}/picture/lists/p/{page}", timeout=120).text
        soup = BeautifulSoup(html, "lxml")
        for div in soup.find_all(attrs={"class": "workimage"}):
            save_img(base, div.a.img["data-original"], out)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
