"""Build many frozen, slotted dataclass objects quickly.

A frozen dataclass's generated ``__init__`` stores each field through ``object.__setattr__``,
which dominates the cost of building thousands of small value objects (chart shapes, rows read
for a view). :func:`positional_constructor` gives a constructor that stores through the slot
descriptors instead: the same objects at about half the cost.
"""

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

__all__ = ["positional_constructor"]

_T = TypeVar("_T")


def positional_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for a frozen, slotted dataclass taking every field positionally, in order.

    It stores each value through the field's slot descriptor, skipping the generated
    ``__init__``'s ``object.__setattr__`` per field; the objects are indistinguishable from the
    normal ones (equal, hashable, frozen). It runs no ``__post_init__`` and fills no defaults, so
    it suits only classes without either logic, called by code that passes every field.
    """
    names = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    source = [f"def construct({', '.join(names)}):", "    obj = _new(_cls)"]
    for index, name in enumerate(names):
        namespace[f"_set{index}"] = getattr(cls, name).__set__
        source.append(f"    _set{index}(obj, {name})")
    source.append("    return obj")
    # The source is built from the dataclass's own field names, never from data.
    exec("\n".join(source), namespace)
    return namespace["construct"]
