"""The app: Streamlit pages (courseware/ui/main.py) and the sign-in routes, one ASGI app.

`make run` serves it with `streamlit run app.py`; behind a proxy, `uvicorn app:app` works too.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from courseware.allocator import limit_arenas
from courseware.ui.auth_routes import auth_routes
from courseware.ui.help_route import help_routes
from courseware.ui.light_fonts import LightFonts
from courseware.ui.precompressed import Precompressed
from courseware.ui.prefetch import Prefetch
from courseware.ui.unsubscribe_route import unsubscribe_routes
from courseware.ui.warm_up import warm_up

# Before the server runs sessions in threads, each of which would otherwise get an arena.
limit_arenas()

app = st.App(
    Path(__file__).parent / "courseware" / "ui" / "main.py",
    routes=[*auth_routes(), *help_routes(), *unsubscribe_routes()],
    # For weak connections: Streamlit's icon and text fonts cut to what the app draws, its
    # JavaScript and styles compressed with Brotli once rather than sent as they are, and the
    # quiz widgets' scripts fetched while the line is idle.
    middleware=[Middleware(LightFonts), Middleware(Precompressed), Middleware(Prefetch)],
    # The pages' modules and the course loaded as the server starts, not on the first visit.
    lifespan=warm_up,
)
