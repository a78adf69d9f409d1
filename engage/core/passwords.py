"""Password patterns guessed first: one character repeated, a short run repeated, a
sequence of letters, digits or keys. Each refusal says why.

The list of common passwords lives beside the accounts that use it
(engage/accounts/common_passwords.txt); this module catches what a list cannot
enumerate: 200 × "a", "abcabcabc", "12345678", "qwertyuiop", "98765432".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Keyboard rows and the digit row, each read both ways by the sequence check.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
MIN_DISTINCT = 4  # at least this many different characters
SEQUENCE_SHARE = 0.75  # a password mostly made of one sequence is refused


def _repeats_a_unit(password: str) -> bool:
    """True for "aaaa", "abab…", "abcabc…": a unit of 1 to 4 characters, repeated."""
    for size in range(1, 5):
        unit = password[:size]
        if (
            len(password) >= 2 * size
            and (unit * (len(password) // size + 1))[: len(password)] == password
        ):
            return True
    return False


def _longest_sequence(password: str) -> int:
    """The longest run of neighbouring characters of a sequence above, either way."""
    text = password.lower()
    best = 1 if text else 0
    for sequence in _SEQUENCES:
        for line in (sequence, sequence[::-1]):
            run = 1
            for previous, current in zip(text, text[1:], strict=False):
                at = line.find(previous)
                run = run + 1 if at >= 0 and line[at + 1 : at + 2] == current else 1
                best = max(best, run)
    return best


def pattern_problem(password: str):
    """A (lazy) message saying which guessable pattern the password is, or None."""
    if not password:
        return None
    if _repeats_a_unit(password) or len(set(password.lower())) < MIN_DISTINCT:
        return _l(
            "This password repeats the same few characters (like “aaaa” or “abab”), "
            "which is guessed first; mix more different characters."
        )
    if _longest_sequence(password) >= max(4, SEQUENCE_SHARE * len(password)):
        return _l(
            "This password is mostly a sequence (like “abcd”, “1234” or “qwer”), "
            "which is guessed first; choose something less orderly."
        )
    return None
