"""The web app: FastAPI assembly (app.py), websocket plumbing (wsbase.py), one module per endpoint."""
