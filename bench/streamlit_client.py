"""A Streamlit client without a browser: one websocket session speaking Streamlit's own
protocol (`/_stcore/stream`, subprotocol "streamlit", BackMsg and ForwardMsg protobufs), as
the browser's frontend does. It knows the widgets the page drew (their ids, labels and
options) and reruns the script with a changed widget, as a click does."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = (
    FINISHED.FINISHED_SUCCESSFULLY,
    FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    FINISHED.FINISHED_WITH_COMPILE_ERROR,
)
RUN_TIMEOUT_SECONDS = 120


class ScriptError(Exception):
    """The page showed an exception, or the run never finished."""


@dataclass
class Widget:
    id: str
    kind: str
    label: str
    options: list[str] = field(default_factory=list)
    # The fragment it was drawn in: a change reruns only that fragment, as in a browser.
    fragment_id: str = ""


@dataclass
class StreamlitSession:
    """One tab: `open()` loads a page, `click()` and `choose()` rerun it like a user."""

    url: str
    cookies: dict[str, str]
    widgets: dict[str, Widget] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    # What the last run drew (widget ids) and how it finished: a whole run, or a fragment's.
    drawn: list[str] = field(default_factory=list)
    finished: int | None = None
    _values: dict[str, WidgetState] = field(default_factory=dict)
    _page: tuple[str, str] = ("", "")
    # The page the server ran, sent back with every rerun as a browser does (an `st.rerun` in
    # a fragment run reruns that page; without it, the app's default page).
    _page_hash: str = ""
    _socket: websockets.ClientConnection | None = None

    async def open(self, page_name: str = "", query_string: str = "") -> float:
        host = self.url.removeprefix("http://")
        self._socket = await websockets.connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={
                "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            },
            max_size=None,
            open_timeout=RUN_TIMEOUT_SECONDS,
        )
        _acknowledge_at_once(self._socket)
        self._page = (page_name, query_string)
        return await self._rerun([])

    async def click(self, label: str) -> float:
        """Press the button with this label; returns the seconds until the run finished."""
        button = self.widget("button", label)
        return await self._rerun([WidgetState(id=button.id, trigger_value=True)])

    async def press(self, button_id: str) -> float:
        """Press a button the last run drew, by its id, as a browser does: a button drawn in a
        fragment reruns that fragment."""
        button = self.widgets[button_id]
        trigger = WidgetState(id=button_id, trigger_value=True)
        return await self._rerun([trigger], button.fragment_id)

    async def choose(self, radio_id: str, option: str) -> float:
        """Pick an option (its text as shown) of a radio the last run drew."""
        self._values[radio_id] = WidgetState(id=radio_id, string_value=option)
        return await self._rerun([], self.widgets[radio_id].fragment_id)

    def widget(self, kind: str, label: str) -> Widget:
        for widget in self.widgets.values():
            if widget.kind == kind and widget.label == label:
                return widget
        raise ScriptError(f"no {kind} labelled {label!r} on the page: {self.texts[-20:]}")

    def radios(self) -> list[Widget]:
        return [w for w in self.widgets.values() if w.kind == "radio"]

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def _rerun(self, triggers: list[WidgetState], fragment_id: str = "") -> float:
        """Send one rerun (of the whole page, or of one fragment) and read until the script
        finished for good (a script may call st.rerun, which finishes one run early and
        starts the next)."""
        message = BackMsg()
        state = message.rerun_script
        state.page_name, state.query_string = self._page
        state.page_script_hash = self._page_hash
        state.widget_states.widgets.extend([*self._values.values(), *triggers])
        state.fragment_id = fragment_id
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        if not fragment_id:
            self.widgets, self.texts = {}, []
        self.drawn, self.finished = [], None
        async with asyncio.timeout(RUN_TIMEOUT_SECONDS):
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await self._socket.recv())
                kind = reply.WhichOneof("type")
                if kind == "delta":
                    self._read_delta(reply.delta)
                elif kind == "navigation":
                    self._page_hash = reply.navigation.page_script_hash
                elif kind == "script_finished" and reply.script_finished in DONE:
                    seconds = time.perf_counter() - started
                    self.finished = reply.script_finished
                    break
        if reply.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
            raise ScriptError("the script did not compile")
        return seconds

    def _read_delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise ScriptError(f"the page failed: {element.exception.message}")
        if kind in ("markdown", "alert"):
            self.texts.append(getattr(element, kind).body)
        elif kind in ("button", "radio"):
            proto = getattr(element, kind)
            options = list(proto.options) if kind == "radio" else []
            self.widgets[proto.id] = Widget(proto.id, kind, proto.label, options, delta.fragment_id)
            self.drawn.append(proto.id)


def _acknowledge_at_once(connection: websockets.ClientConnection) -> None:
    """Streamlit's server sockets leave Nagle's algorithm on, so each small reply after the
    first waits for the client's acknowledgement, which Linux delays by up to 40 ms. A
    browser across a network hides that delay in the round trip; on loopback it would be
    all the latency measured. So this client acknowledges every packet at once: what is
    measured is the server's work, not the two TCP timers."""
    sock = connection.transport.get_extra_info("socket")
    if sock is None or not hasattr(socket, "TCP_QUICKACK"):
        return
    protocol = connection.transport.get_protocol()
    received = protocol.data_received

    def data_received(data: bytes) -> None:
        # Linux turns quick acknowledgements off again by itself: set it on every read.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        received(data)

    protocol.data_received = data_received
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
