"""Any JSON value (what a server may send in place of any field), as a hypothesis strategy:
the one the parser's property tests draw from."""

from typing import Any

from hypothesis import strategies as st


def json_values(
    *,
    text_size: int = 12,
    key_size: int = 8,
    width: int = 3,
    leaves: int = 10,
    int_bits: int = 80,
) -> st.SearchStrategy[Any]:
    """Nested lists and objects of nulls, booleans, integers beyond 64 bits, finite floats
    and short texts."""
    return st.recursive(
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**int_bits), max_value=2**int_bits)
        | st.floats(allow_nan=False)
        | st.text(max_size=text_size),
        lambda children: (
            st.lists(children, max_size=width)
            | st.dictionaries(st.text(max_size=key_size), children, max_size=width)
        ),
        max_leaves=leaves,
    )
