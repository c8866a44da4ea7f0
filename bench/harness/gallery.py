#!/usr/bin/env python3
"""Writes a seed-shaped static gallery: listing pages, full-size JPEGs, a permissive robots.txt.

Layout (served as-is by nginx):
  picture/lists/p/{1..PAGES}       HTML, WORKS x div.workimage > a > img[data-original=/uploads/thumb_ID.jpg]
  uploads/thumbMid_ID.jpg          distinct ~20 KB JPEGs (a few Pillow-made bases, each with its own COM segment)
  robots.txt                       allows everything
  images.txt                       the bare list of full-size URL paths (for curl and wget2)
  sha256.txt                       "sha256  file" of every full-size picture (to verify what a tool saved)
"""
import argparse
import hashlib
import io
import os
import random
import struct

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>cosplay gallery, page {n}</title></head>
<body>
<div class="header"><a href="/">home</a></div>
<div class="works">
{works}
</div>
<div class="pager">{prev}{next}</div>
</body></html>
"""
WORK = """  <div class="workimage"><a href="/picture/show/{id}" title="work {id}"><img src="/static/placeholder.gif" data-original="/uploads/thumb_{id}.jpg" alt="work {id}"></a><p class="name">work {id}</p></div>"""


def base_jpegs(count, rnd):
    """A few real JPEGs of noise (Pillow), about 12 KB each."""
    from PIL import Image

    bases = []
    for i in range(count):
        data = bytes(rnd.getrandbits(8) for _ in range(96 * 96 * 3))
        img = Image.frombytes("RGB", (96, 96), data).resize((160, 120))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
        bases.append(buf.getvalue())
    return bases


def with_comment(jpeg, payload):
    """Inserts a COM segment right after SOI: same picture, distinct bytes."""
    assert jpeg[:2] == b"\xff\xd8" and len(payload) <= 65533
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def work_id(index):
    return "%013x" % (0x5AE3E05FD0000 + index * 7919)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--works", type=int, default=40)
    ap.add_argument("--kb", type=int, default=20, help="mean picture size in KB")
    a = ap.parse_args()
    rnd = random.Random(6)
    lists = os.path.join(a.dir, "picture", "lists", "p")
    uploads = os.path.join(a.dir, "uploads")
    os.makedirs(lists, exist_ok=True)
    os.makedirs(uploads, exist_ok=True)
    bases = base_jpegs(8, rnd)
    target = a.kb * 1024
    images, sums = [], []
    for n in range(1, a.pages + 1):
        ids = [work_id((n - 1) * a.works + i) for i in range(a.works)]
        prev = '<a class="prev" href="/picture/lists/p/%d">prev</a>' % (n - 1) if n > 1 else ""
        nxt = '<a class="next" href="/picture/lists/p/%d">next</a>' % (n + 1) if n < a.pages else ""
        with open(os.path.join(lists, str(n)), "w", encoding="utf-8") as f:
            f.write(PAGE.format(n=n, works="\n".join(WORK.format(id=i) for i in ids), prev=prev, next=nxt))
        for i in ids:
            base = bases[rnd.randrange(len(bases))]
            pad = max(64, min(65000, target - len(base) + rnd.randint(-2048, 2048)))
            body = with_comment(base, ("work %s " % i).encode() + os.urandom(pad))
            name = "thumbMid_%s.jpg" % i
            with open(os.path.join(uploads, name), "wb") as f:
                f.write(body)
            images.append("/uploads/" + name)
            sums.append("%s  %s" % (hashlib.sha256(body).hexdigest(), name))
    with open(os.path.join(a.dir, "robots.txt"), "w") as f:
        f.write("User-agent: *\nAllow: /\n")
    with open(os.path.join(a.dir, "images.txt"), "w") as f:
        f.write("\n".join(images) + "\n")
    with open(os.path.join(a.dir, "sha256.txt"), "w") as f:
        f.write("\n".join(sums) + "\n")


if __name__ == "__main__":
    main()
