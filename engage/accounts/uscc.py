"""The unified social credit code (統一社會信用代碼, GB 32100-2015) and its check character."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(code: str | None) -> str:
    return (code or "").strip().upper().replace(" ", "")


def is_valid(code: str | None) -> bool:
    """18 characters from the code's alphabet whose last is the right check character."""
    code = normalise(code)
    if len(code) != 18 or any(ch not in CHARSET for ch in code):
        return False
    return check_character(code[:17]) == code[17]


def complete(first17: str) -> str:
    """The full code for its first 17 characters (for demo data and tests)."""
    return first17 + check_character(first17)
