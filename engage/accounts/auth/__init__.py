"""Sign-up, sign-in, passwords, sessions and the profile page."""
