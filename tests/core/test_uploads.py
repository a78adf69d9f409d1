"""Uploads: real images only, bounded, re-encoded without metadata, stored by hash, served."""

import hashlib
import io
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageFile
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from engage.core import uploads
from engage.core.markdown import render
from engage.core.uploads import (
    MediaFile,
    UploadRejected,
    media_url,
    save_document,
    save_image,
)


@pytest.fixture(autouse=True)
def english(app):
    """Service messages in English, as for a reader whose browser asks for it."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def _upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type=content_type)


def _image_bytes(fmt: str = "JPEG", size=(64, 48), mode="RGB", **save) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 128).save(buf, fmt, **save)
    return buf.getvalue()


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (31.0, 18.0, 30.5), 3: "E", 4: (120.0, 35.0, 10.0)}
    return exif.tobytes()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _pixel_bomb_png(width: int = 20000, height: int = 20000) -> bytes:
    """A PNG of a few hundred bytes whose header declares width x height pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _stored(app, key: str) -> Path:
    return Path(app.config["ENGAGE_MEDIA_DIR"]) / key[:2] / key


@pytest.mark.parametrize(
    "fmt,ext,ctype",
    [
        ("JPEG", "jpg", "image/jpeg"),
        ("PNG", "png", "image/png"),
        ("WEBP", "webp", "image/webp"),
        ("GIF", "gif", "image/gif"),
    ],
)
def test_each_accepted_format_is_stored_by_hash_with_a_thumbnail(app, db, fmt, ext, ctype):
    media = save_image(_upload(_image_bytes(fmt, size=(1200, 800)), name=f"现场.{ext}"))
    db.session.commit()
    stored = _stored(app, media.key)
    assert media.key == f"{hashlib.sha256(stored.read_bytes()).hexdigest()}.{ext}"
    assert media.content_type == ctype and media.is_image
    assert (media.width, media.height) == (1200, 800)
    assert media.original_name == f"现场.{ext}"
    with Image.open(_stored(app, media.thumb_key)) as thumb:
        assert max(thumb.size) <= 480


def test_the_uploaded_name_never_reaches_the_disk(app, db):
    media = save_image(_upload(_image_bytes(), name="../../../etc/cron.d/evil.php.jpg"))
    db.session.commit()
    files = [p.name for p in Path(app.config["ENGAGE_MEDIA_DIR"]).rglob("*") if p.is_file()]
    assert files and all("evil" not in f and "php" not in f for f in files)
    assert media.key in files
    assert not (Path(app.instance_path).parent / "etc").exists()


def test_the_same_image_twice_is_stored_once(app, db):
    data = _image_bytes()
    first = save_image(_upload(data))
    db.session.commit()
    second = save_image(_upload(data, name="again.jpg"))
    assert second.id == first.id
    assert db.session.scalar(select(func.count(MediaFile.id))) == 1


IMPOSTORS = {
    "php": b"<?php system($_GET['c']); ?>",
    "html": b"<!doctype html><html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    "text": "安全生产月".encode(),
    "jpeg header only": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "bmp": _image_bytes("BMP"),
    "tiff": _image_bytes("TIFF"),
}


@pytest.mark.parametrize("kind", sorted(IMPOSTORS))
def test_a_file_that_only_claims_to_be_an_image_is_refused(app, db, kind):
    with pytest.raises(UploadRejected, match="JPEG, PNG, WebP or GIF"):
        save_image(_upload(IMPOSTORS[kind], name="photo.jpg"))
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0
    assert not Path(app.config["ENGAGE_MEDIA_DIR"]).exists() or not any(
        Path(app.config["ENGAGE_MEDIA_DIR"]).rglob("*.*")
    )


def test_a_truncated_jpeg_is_refused(app):
    data = _image_bytes(size=(400, 300), quality=95)
    with pytest.raises(UploadRejected):
        save_image(_upload(data[: len(data) // 2]))


def test_an_empty_file_is_refused(app):
    with pytest.raises(UploadRejected, match="empty"):
        save_image(_upload(b""))


def test_a_pixel_bomb_is_refused_from_its_header_without_decoding(app, monkeypatch):
    bomb = _pixel_bomb_png()
    assert len(bomb) < 2000
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: decoded.append(self.size) or real_load(self)
    )
    tracemalloc.start()
    try:
        with pytest.raises(UploadRejected, match="too many pixels"):
            save_image(_upload(bomb, name="bomb.png"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert decoded == []
    assert peak < 5 * 1024 * 1024  # 400 million pixels would need 400 MB


def test_the_pixel_limit_is_the_configured_one(app):
    app.config["ENGAGE_MAX_ANONYMOUS_IMAGE_PIXELS"] = 100
    with pytest.raises(UploadRejected, match="100"):
        save_image(_upload(_image_bytes(size=(20, 20))))


def test_anonymous_uploads_have_a_tighter_pixel_limit_than_signed_in_ones(app, db, make_user):
    app.config["ENGAGE_MAX_IMAGE_PIXELS"] = 500
    app.config["ENGAGE_MAX_ANONYMOUS_IMAGE_PIXELS"] = 300
    photo = _image_bytes(size=(20, 20))
    with pytest.raises(UploadRejected, match="at most 300"):
        save_image(_upload(photo))
    assert save_image(_upload(photo), actor=make_user()).width == 20


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(app):
    app.config["ENGAGE_MAX_UPLOAD_MB"] = 1
    with pytest.raises(UploadRejected, match="larger than 1 MB"):
        save_image(_upload(b"\xff\xd8" + b"\x00" * (1024 * 1024)))


def test_exif_and_gps_are_dropped_from_jpeg(app, db):
    data = _image_bytes(exif=_gps_exif())
    assert b"SpyCam" in data and Image.open(io.BytesIO(data)).getexif()
    media = save_image(_upload(data))
    db.session.commit()
    for key in (media.key, media.thumb_key):
        stored = _stored(app, key).read_bytes()
        assert b"Exif" not in stored and b"SpyCam" not in stored
        image = Image.open(io.BytesIO(stored))
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_is_dropped_from_png_and_webp(app, db, fmt):
    data = _image_bytes(fmt, exif=_gps_exif())
    assert b"SpyCam" in data
    media = save_image(_upload(data, name=f"x.{fmt.lower()}"))
    db.session.commit()
    stored = _stored(app, media.key).read_bytes()
    assert b"SpyCam" not in stored
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}


def test_png_text_comments_are_dropped(app, db):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "home address: 1 Secret Road")
    media = save_image(_upload(_image_bytes("PNG", pnginfo=info), name="x.png"))
    db.session.commit()
    stored = _stored(app, media.key).read_bytes()
    assert stored.startswith(b"\x89PNG")
    assert b"Secret Road" not in stored


def test_the_exif_orientation_is_applied_before_it_is_dropped(app, db):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    media = save_image(_upload(_image_bytes(size=(40, 20), exif=exif.tobytes())))
    assert (media.width, media.height) == (20, 40)


def test_a_huge_but_allowed_image_is_scaled_to_the_largest_edge(app, db):
    media = save_image(_upload(_image_bytes("PNG", size=(5000, 100), mode="L"), name="x.png"))
    assert max(media.width, media.height) == uploads.MAX_EDGE


# Documents

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_pdf_is_stored_by_hash(app, db):
    media = save_document(_upload(PDF, name="应急预案.pdf", content_type="application/pdf"))
    db.session.commit()
    assert media.key == hashlib.sha256(PDF).hexdigest() + ".pdf"
    assert media.content_type == "application/pdf" and not media.is_image
    assert _stored(app, media.key).read_bytes() == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.4 but never ends",
        b"",
        _image_bytes(),
    ],
)
def test_something_else_named_pdf_is_refused(app, data):
    with pytest.raises(UploadRejected):
        save_document(_upload(data, name="report.pdf", content_type="application/pdf"))


# Serving


def test_media_is_served_with_nosniff_and_a_sandbox(app, db, client):
    media = save_image(_upload(_image_bytes()))
    db.session.commit()
    response = client.get(media_url(media.key))
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "sandbox" in csp and "frame-ancestors 'none'" in csp
    response.close()
    thumb = client.get(media_url(media.thumb_key))
    assert thumb.status_code == 200
    thumb.close()


def test_a_pdf_is_served_as_a_download(app, db, client):
    media = save_document(_upload(PDF, name="x.pdf"))
    db.session.commit()
    response = client.get(media_url(media.key))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()


def test_media_is_served_only_at_a_signed_address(app, db, client):
    media = save_image(_upload(_image_bytes()))
    db.session.commit()
    signed = media_url(media.key)
    assert signed.startswith(f"/media/{media.key}?s=")
    signature = signed.split("?s=")[1]
    assert client.get(f"/media/{media.key}").status_code == 404
    assert client.get(f"/media/{media.key}?s=").status_code == 404
    assert client.get(f"/media/{media.key}?s={'0' * len(signature)}").status_code == 404
    # A signature is for one file only.
    other = save_document(_upload(PDF, name="x.pdf"))
    db.session.commit()
    assert client.get(f"/media/{other.key}?s={signature}").status_code == 404
    response = client.get(signed)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    response.close()


def test_a_signed_address_lasts_a_day_or_two(app, db, client, monkeypatch):
    media = save_image(_upload(_image_bytes()))
    db.session.commit()
    now = time.time()
    signed = media_url(media.key)
    monkeypatch.setattr(uploads.time, "time", lambda: now + 86_400)
    response = client.get(signed)
    assert response.status_code == 200
    response.close()
    monkeypatch.setattr(uploads.time, "time", lambda: now + 2 * 86_400 + 1)
    assert client.get(signed).status_code == 404


def test_markdown_signs_the_addresses_of_the_files_it_may_show(app, db):
    media = save_image(_upload(_image_bytes()))
    other = save_document(_upload(PDF, name="x.pdf"))
    db.session.commit()
    text = (
        f"![图](/media/{media.key}) [原图](/media/{media.key}?s=old#x) "
        f"[别人的](/media/{other.key}) ![外](/media/not-a-key.jpg)"
    )
    with app.test_request_context():
        html = str(render(text, media={media.key}))
        closed = str(render(text))
    assert html.count(f"/media/{media.key}?s=") == 2
    assert "s=old" not in html
    assert f'href="/media/{other.key}"' in html  # not among the files it may show
    assert 'src="/media/not-a-key.jpg"' in html
    assert "?s=" not in closed.replace("?s=old", "")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../../etc/passwd",
        "/media/..%2F..%2Fetc%2Fpasswd",
        "/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/media/..%5C..%5Cwindows%5Cwin.ini",
        "/media/%00",
        "/media/x%00.jpg",
        "/media/" + "a" * 64 + ".php",
        "/media/" + "A" * 64 + ".jpg",
        "/media/" + "a" * 64 + ".jpg",
        "/media/" + "a" * 10000 + ".jpg",
        "/media/.secret_key",
        "/media/secret_key",
    ],
)
def test_bad_media_keys_are_404(app, client, path):
    (Path(app.instance_path) / "secret_key").exists()
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_storage_refuses_keys_it_did_not_make(app):
    store = uploads.storage()
    for key in ("../x.jpg", "a/b.jpg", "", ".." + "a" * 62 + ".jpg"):
        with pytest.raises(ValueError):
            store.path(key)


# The 413 page


def _add_upload_route(app):
    @app.post("/_test/upload")
    def _test_upload():
        from flask import request

        media = save_image(request.files["photo"])
        return media.key


@pytest.mark.parametrize("lang,text", [("en", "larger than 1 MB"), ("zh-CN", "1 MB")])
def test_an_upload_over_the_limit_gets_the_413_page_in_the_users_language(app, client, lang, text):
    _add_upload_route(app)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.config["ENGAGE_MAX_UPLOAD_MB"] = 1
    # A raw body (the test client would spool a big form to a temporary file).
    body = (
        b'--b\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + b"\xff" * (2 * 1024 * 1024) + b"\r\n--b--\r\n"
    )
    response = client.post(
        "/_test/upload",
        data=body,
        headers={"Accept-Language": lang},
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert text in body
    if lang == "en":
        assert "File too large" in body
    else:
        assert "文件" in body
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_upload_under_the_limit_goes_through_the_route(app, db, client):
    _add_upload_route(app)
    response = client.post(
        "/_test/upload",
        data={"photo": (io.BytesIO(_image_bytes()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert uploads.is_valid_key(response.get_data(as_text=True))


def test_several_photos_each_under_the_file_limit_fit_in_one_request(app, client):
    """A whistle from a phone carries several photos: the limit is per file."""
    import os

    @app.post("/_test/photos")
    def _test_photos():
        from flask import request

        return ",".join(save_image(f).key for f in request.files.getlist("photo"))

    app.config["ENGAGE_MAX_UPLOAD_MB"] = 1

    def noisy_png(seed: int) -> bytes:
        image = Image.frombytes("RGB", (480, 480), os.urandom(480 * 480 * 3))
        out = io.BytesIO()
        image.save(out, "PNG")
        assert 600_000 < len(out.getvalue()) < 1024 * 1024
        return out.getvalue()

    # A raw body (the test client would spool a big form to a temporary file).
    body = (
        b"".join(
            b'--b\r\nContent-Disposition: form-data; name="photo"; filename="p%d.png"\r\n'
            b"Content-Type: image/png\r\n\r\n" % i + noisy_png(i) + b"\r\n"
            for i in range(3)
        )
        + b"--b--\r\n"
    )
    response = client.post(
        "/_test/photos", data=body, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code == 200
    assert len(response.get_data(as_text=True).split(",")) == 3


# Decoding is bounded


def _record_decoded_sizes(monkeypatch) -> list:
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: decoded.append(self.size) or real_load(self)
    )
    return decoded


@pytest.mark.parametrize(
    "size, decoded_at", [((4000, 3000), (4000, 3000)), ((8000, 6000), (4000, 3000))]
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_phone_photos_of_12_to_48_mpx_pass_and_a_large_one_decodes_reduced(
    app, db, make_user, monkeypatch, size, decoded_at, signed_in
):
    photo = _image_bytes(size=size, mode="L", quality=60)
    decoded = _record_decoded_sizes(monkeypatch)
    media = save_image(_upload(photo), actor=make_user() if signed_in else None)
    assert decoded[0] == decoded_at
    assert (media.width, media.height) == decoded_at


def test_an_anonymous_whistle_of_huge_pngs_is_refused_without_decoding(app, monkeypatch):
    """Six 6324x6324 PNGs (40 Mpx each, 120 MB each once decoded) from someone without an
    account: refused from the header, in well under a second."""
    png = _image_bytes("PNG", size=(6324, 6324), mode="1")
    assert len(png) < 200_000
    decoded = _record_decoded_sizes(monkeypatch)
    started = time.perf_counter()
    for _ in range(6):
        with pytest.raises(UploadRejected, match="too many pixels"):
            save_image(_upload(png, name="huge.png"))
    assert time.perf_counter() - started < 1
    assert decoded == []


def test_images_are_decoded_one_at_a_time_in_a_worker(app, monkeypatch):
    import threading

    busy = []
    most = []
    real = uploads._decode_and_encode

    def counting(*args):
        busy.append(1)
        most.append(len(busy))
        time.sleep(0.05)
        try:
            return real(*args)
        finally:
            busy.pop()

    monkeypatch.setattr(uploads, "_decode_and_encode", counting)

    def upload(n):
        with app.test_request_context():
            uploads.prepare_image(_upload(_image_bytes(size=(64 + n, 48))))

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(most) == 4
    assert max(most) == app.config["ENGAGE_IMAGE_DECODERS"] == 1
