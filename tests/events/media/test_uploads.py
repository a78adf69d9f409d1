"""Videos are verified by their container and kept within ENGAGE_MAX_VIDEO_MB; photos of
a batch are refused one by one."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from engage.core.uploads import UploadRejected
from engage.events.media import services
from engage.events.media.models import Photo, Video


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def test_a_file_that_is_not_a_video_is_refused(app, db, make_event, small_video):
    event = make_event()
    organiser = event.organisers[0].user
    with pytest.raises(UploadRejected):
        services.add_video(
            event, _file(b"RIFF....WEBPVP8 not really", "x.mp4"), "x", actor=organiser
        )
    with pytest.raises(UploadRejected):  # a PNG named .mp4
        services.add_video(
            event, _file(b"\x89PNG\r\n\x1a\n" + b"0" * 100, "y.mp4"), "y", actor=organiser
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(Video.id))) == 0
    video = services.add_video(event, _file(small_video, "ok.mp4"), "好", actor=organiser)
    db.session.commit()
    assert video.width == 64 and video.poster is not None and video.key.endswith(".mp4")


def test_a_video_over_the_limit_is_refused(app, db, make_event, small_video):
    app.config["ENGAGE_MAX_VIDEO_MB"] = 0
    event = make_event()
    with pytest.raises(UploadRejected, match="0 MB"):
        services.add_video(
            event, _file(small_video, "big.mp4"), "big", actor=event.organisers[0].user
        )


def test_photos_in_a_batch_are_refused_one_by_one(app, db, make_event):
    from PIL import Image

    def png(color):
        out = io.BytesIO()
        Image.new("RGB", (20, 20), color).save(out, "PNG")
        return out.getvalue()

    event = make_event()
    organiser = event.organisers[0].user
    album = services.create_album(event, "现场", actor=organiser)
    saved, refused = services.add_photos(
        event,
        album,
        [
            _file(png((1, 2, 3)), "1.png"),
            _file(b"%PDF-1.4 nope", "2.jpg"),
            _file(png((4, 5, 6)), "3.png"),
        ],
        actor=organiser,
    )
    db.session.commit()
    assert len(saved) == 2 and [name for name, _reason in refused] == ["2.jpg"]
    assert db.session.scalar(select(func.count(Photo.id))) == 2
    assert album.cover_photo_id == saved[0].id
