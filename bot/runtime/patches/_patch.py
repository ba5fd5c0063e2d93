"""One replaced attribute of Rasa: what it replaces, and how to put the original back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MISSING = object()


@dataclass
class Patch:
    """Replace `owner.attribute` (a class or module attribute) with `replacement`.

    The original is kept exactly as it was stored on the owner (a ``staticmethod`` stays a
    ``staticmethod``), so `revert` restores the owner bit for bit.
    """

    name: str
    owner: Any
    attribute: str
    replacement: Any
    _original: Any = field(default=_MISSING, repr=False)

    @property
    def applied(self) -> bool:
        return self._original is not _MISSING

    def apply(self) -> None:
        if self.applied:
            return
        self._original = vars(self.owner).get(self.attribute, _MISSING)
        if self._original is _MISSING:
            raise AttributeError(f"{self.owner!r} has no attribute {self.attribute!r} to patch")
        setattr(self.owner, self.attribute, self.replacement)

    def revert(self) -> None:
        if not self.applied:
            return
        setattr(self.owner, self.attribute, self._original)
        self._original = _MISSING
