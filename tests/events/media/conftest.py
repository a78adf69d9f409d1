"""A small real video, made with PyAV, for the upload tests."""

from __future__ import annotations

import io

import pytest


def video_bytes(frames: int = 12, size: int = 64) -> bytes:
    import av
    from PIL import Image

    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=12)
        stream.width = stream.height = size
        stream.pix_fmt = "yuv420p"
        for i in range(frames):
            image = Image.new("RGB", (size, size), ((i * 20) % 255, 80, 160))
            frame = av.VideoFrame.from_image(image)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


@pytest.fixture(scope="session")
def small_video() -> bytes:
    return video_bytes()
