"""Albums, photos and videos of an event; the park-wide gallery."""
