"""Videos: verified by their container with PyAV, a poster frame, stored by content hash.

PyAV's wheels carry their own FFmpeg, so nothing is installed by hand. A file is
a video when FFmpeg opens it as MP4/QuickTime or WebM/Matroska and finds a video
stream whose first frame decodes; the extension and the browser's claimed type
count for nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from engage.core.uploads import UploadRejected, save_image, storage

_CONTAINERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": ("mp4", "video/mp4"),
    "matroska,webm": ("webm", "video/webm"),
}


class VideoInfo:
    def __init__(
        self,
        key: str,
        content_type: str,
        size: int,
        duration: int | None,
        width: int,
        height: int,
        poster,
    ) -> None:
        self.key, self.content_type, self.size = key, content_type, size
        self.duration, self.width, self.height, self.poster = duration, width, height, poster


def allow_video_request() -> None:
    """Let this request carry one video: the site-wide request limit stays small for
    every other page, and only the pages that take a video raise it for themselves."""
    limit_mb = current_app.config["ENGAGE_MAX_VIDEO_MB"] + 8
    request.max_content_length = max(
        limit_mb * 1024 * 1024, current_app.config["MAX_CONTENT_LENGTH"] or 0
    )


def _read(file: FileStorage) -> bytes:
    limit_mb = current_app.config["ENGAGE_MAX_VIDEO_MB"]
    data = file.stream.read(limit_mb * 1024 * 1024 + 1)
    if len(data) > limit_mb * 1024 * 1024:
        raise UploadRejected(_("The video is larger than %(mb)s MB.", mb=limit_mb))
    if not data:
        raise UploadRejected(_("The file is empty."))
    return data


def probe(data: bytes):
    """(extension, content type, duration s, width, height, first frame as a PIL image).
    Raises UploadRejected for anything FFmpeg does not read as MP4 or WebM video."""
    import av

    not_video = UploadRejected(_("This file is not an MP4 or WebM video we can read."))
    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as tmp:
        tmp.write(data)
        path = tmp.name
    try:
        with av.open(path, mode="r") as container:
            kind = _CONTAINERS.get(container.format.name)
            if kind is None or not container.streams.video:
                raise not_video
            stream = container.streams.video[0]
            frame = next(container.decode(stream), None)
            if frame is None:
                raise not_video
            image = frame.to_image()
            duration = int(container.duration / av.time_base) if container.duration else None
            return (
                kind[0],
                kind[1],
                duration,
                stream.codec_context.width,
                stream.codec_context.height,
                image,
            )
    except UploadRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - hostile files break decoders in many ways
        raise not_video from exc
    finally:
        os.unlink(path)


def save_video(file: FileStorage, *, actor=None) -> VideoInfo:
    """Verify and store an uploaded video and its poster frame. Raises UploadRejected."""
    data = _read(file)
    ext, content_type, duration, width, height, image = probe(data)
    poster_bytes = io.BytesIO()
    image.convert("RGB").save(poster_bytes, "JPEG", quality=85)
    poster_bytes.seek(0)
    poster = save_image(
        FileStorage(poster_bytes, filename="poster.jpg", content_type="image/jpeg"), actor=actor
    )
    key = f"{hashlib.sha256(data).hexdigest()}.{ext}"
    storage().put(key, data)
    return VideoInfo(key, content_type, len(data), duration, width, height, poster)
