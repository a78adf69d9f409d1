"""Write a short Y4M video of one QR code, for Chromium's fake camera:

    python scripts/qr_y4m.py https://park.example/events/tickets/ABCD2345EFGH /tmp/qr.y4m
    chromium --use-fake-device-for-media-stream --use-file-for-fake-video-capture=/tmp/qr.y4m

The check-in page's scanner then sees the ticket as a phone held over it would.
"""

from __future__ import annotations

import io
import sys

import segno
from PIL import Image

WIDTH, HEIGHT, FRAMES = 640, 480, 20


def main(text: str, path: str) -> None:
    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8, border=4)
    code = Image.open(io.BytesIO(png.getvalue())).convert("RGB")
    side = min(400, HEIGHT - 40)
    frame = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    frame.paste(
        code.resize((side, side), Image.NEAREST), ((WIDTH - side) // 2, (HEIGHT - side) // 2)
    )
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(FRAMES):
            out.write(b"FRAME\n" + planes)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
