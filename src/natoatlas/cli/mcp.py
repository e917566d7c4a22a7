"""``natoatlas mcp``: serve the Atlas to AI assistants over the Model Context Protocol."""

from __future__ import annotations

import click

from natoatlas.cli.common import _atlas
from natoatlas.cli.main import cli

__all__ = ["mcp"]


@cli.command()
@click.option("--http", "over_http", is_flag=True, help="Streamable HTTP on 127.0.0.1 instead of stdio.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port for --http."
)
def mcp(over_http: bool, port: int) -> None:
    """Serve the Atlas over MCP (stdio by default): tools for every query, each with its sources."""
    try:
        from natoatlas.mcp_server import serve
    except ModuleNotFoundError as err:
        raise click.ClickException(
            f"the MCP server needs the mcp extra ({err.name} is missing): pip install 'natoatlas[mcp]'"
        ) from None
    serve(_atlas(), "http" if over_http else "stdio", port)
