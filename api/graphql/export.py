"""``python -m api.graphql.export > schema.graphql``: print the schema in SDL.

The committed ``schema.graphql`` is what CMS developers read and generate clients from; a test
fails when it differs from this output, so it is re-exported whenever the code changes.
"""

from __future__ import annotations

from api.graphql.schema import build_schema


def schema_sdl() -> str:
    """The SDL of the schema, with a trailing newline.

    Example:
        >>> "type Query" in schema_sdl()
        True
    """
    return build_schema().as_str() + "\n"


def main() -> None:
    print(schema_sdl(), end="")


if __name__ == "__main__":
    main()
