"""The REST API (FastAPI) and the server behind ``sitrep serve``; see docs/api.md.

    from sitrep.api import ServeConfig, create_app, serve
    serve(ServeConfig.from_environment("sitrep.db", host="127.0.0.1"), port=8765)
"""
from __future__ import annotations

from sitrep.api.app import create_app
from sitrep.api.config import ServeConfig, is_loopback


def serve(config: ServeConfig, port: int = 8765, log_level: str = "warning") -> None:
    """Run the API and the web UI with uvicorn until interrupted."""
    import uvicorn

    app = create_app(config)
    try:
        uvicorn.run(app, host=config.host, port=port, log_level=log_level, access_log=False)
    finally:
        app.state.store.close()


__all__ = ["ServeConfig", "create_app", "is_loopback", "serve"]
