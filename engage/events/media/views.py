"""Media pages: an event's gallery and albums, photo batches, videos, the park's gallery."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from engage.core.args import int_arg
from engage.core.errors import DomainError, refuse
from engage.core.pagination import paginate
from engage.core.photos import chosen_files
from engage.core.timeutil import to_local, utcnow
from engage.core.uploads import UploadRejected
from engage.events.media import services
from engage.events.media.forms import AlbumForm, CaptionForm, PhotosForm, VideoForm
from engage.events.media.models import Album, Photo, Video
from engage.events.media.permissions import can_add_media
from engage.events.media.video import allow_video_request
from engage.events.viewutil import event_or_404, managed_event_or_403
from engage.extensions import db

bp = Blueprint("media", __name__)
PER_PAGE = 48


@bp.route("/<int:event_id>/gallery")
def gallery(event_id: int):
    event = event_or_404(event_id)
    albums = services.albums(event)
    page = paginate(services.photos_of(event), per_page=PER_PAGE)
    return render_template(
        "events/media/gallery.html",
        event=event,
        albums=albums,
        covers=services.covers(albums),
        page=page,
        videos=services.videos(event),
        manage=can_add_media(current_user, event),
        album_form=AlbumForm(),
    )


@bp.route("/<int:event_id>/albums", methods=["POST"])
@login_required
def create_album(event_id: int):
    event = managed_event_or_403(event_id)
    form = AlbumForm()
    if not form.validate_on_submit():
        flash(_("Give the album a title."), "danger")
        return redirect(url_for("events.media.gallery", event_id=event.id))
    album = services.create_album(event, form.title.data, actor=current_user)
    db.session.commit()
    return redirect(url_for("events.media.album", event_id=event.id, album_id=album.id))


def _album_or_404(event, album_id: int) -> Album:
    album = db.session.get(Album, album_id)
    if album is None or album.event_id != event.id:
        abort(404)
    return album


@bp.route("/<int:event_id>/albums/<int:album_id>")
def album(event_id: int, album_id: int):
    event = event_or_404(event_id)
    album_ = _album_or_404(event, album_id)
    page = paginate(services.photos_of(event, album_), per_page=PER_PAGE)
    return render_template(
        "events/media/album.html",
        event=event,
        album=album_,
        page=page,
        manage=can_add_media(current_user, event),
        form=PhotosForm(),
        caption_form=CaptionForm(),
    )


@bp.route("/<int:event_id>/albums/<int:album_id>/photos", methods=["POST"])
@login_required
def upload(event_id: int, album_id: int):
    """A batch of photos (or one, from the page's script): each saved or refused alone."""
    event = managed_event_or_403(event_id)
    album_ = _album_or_404(event, album_id)
    form = PhotosForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit():
        if wants_json:
            return jsonify(ok=False, saved=0, refused=[["", _("The form has expired.")]]), 400
        flash(_("The form has expired. Reload the page and try again."), "danger")
        return redirect(url_for("events.media.album", event_id=event.id, album_id=album_.id))
    try:
        saved, refused = services.add_photos(
            event, album_, chosen_files(form.photos), actor=current_user
        )
    except DomainError as exc:
        refuse(exc)
        saved, refused = [], []
    else:
        db.session.commit()
    if wants_json:
        return jsonify(ok=not refused, saved=len(saved), refused=refused)
    if saved:
        flash(ngettext("%(num)s photo added.", "%(num)s photos added.", len(saved)), "success")
    for name, reason in refused:
        flash(_("%(name)s was not added: %(reason)s", name=name, reason=reason), "danger")
    if not saved and not refused:
        flash(_("Choose photos to add."), "warning")
    return redirect(url_for("events.media.album", event_id=event.id, album_id=album_.id))


def _photo_or_404(event, photo_id: int) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.event_id != event.id:
        abort(404)
    return photo


@bp.route("/<int:event_id>/photos/<int:photo_id>/caption", methods=["POST"])
@login_required
def caption(event_id: int, photo_id: int):
    event = managed_event_or_403(event_id)
    photo = _photo_or_404(event, photo_id)
    form = CaptionForm()
    if form.validate_on_submit():
        services.set_caption(event, photo, form.caption.data, actor=current_user)
        db.session.commit()
        flash(_("The caption is saved."), "success")
    else:
        flash(_("A caption has at most 300 characters."), "danger")
    return redirect(
        url_for(
            "events.media.album",
            event_id=event.id,
            album_id=photo.album_id,
            page=int_arg("page") or None,
        )
    )


@bp.route("/<int:event_id>/photos/<int:photo_id>/cover", methods=["POST"])
@login_required
def cover(event_id: int, photo_id: int):
    event = managed_event_or_403(event_id)
    photo = _photo_or_404(event, photo_id)
    album_ = _album_or_404(event, photo.album_id)
    try:
        services.set_cover(event, album_, photo, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("The album's cover is changed."), "success")
    return redirect(url_for("events.media.album", event_id=event.id, album_id=album_.id))


@bp.route("/<int:event_id>/videos/new", methods=["GET", "POST"])
@login_required
def video_new(event_id: int):
    allow_video_request()
    event = managed_event_or_403(event_id)
    form = VideoForm()
    if form.validate_on_submit():
        file = form.video.data
        if not file or not getattr(file, "filename", ""):
            form.video.errors = [_("Choose a video file.")]
        else:
            try:
                video = services.add_video(event, file, form.title.data, actor=current_user)
            except UploadRejected as exc:
                db.session.rollback()
                form.video.errors = [str(exc)]
            else:
                db.session.commit()
                flash(_("The video is added."), "success")
                return redirect(url_for("events.media.video", event_id=event.id, video_id=video.id))
    return render_template("events/media/video_new.html", event=event, form=form)


@bp.route("/<int:event_id>/videos/<int:video_id>")
def video(event_id: int, video_id: int):
    event = event_or_404(event_id)
    item = db.session.get(Video, video_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return render_template("events/media/video.html", event=event, video=item)


@bp.route("/gallery")
def park_gallery():
    """The park's gallery: photos of a year's showcases (this year unless chosen)."""
    this_year = to_local(utcnow()).year
    year = int_arg("year") or this_year
    if not 2000 <= year <= 2100:
        year = this_year
    page = paginate(services.park_gallery(current_user, year), per_page=PER_PAGE)
    return render_template(
        "events/media/park_gallery.html",
        page=page,
        year=year,
        years=services.gallery_years(current_user),
        events=services.events_by_id(p.event_id for p in page.items),
    )
