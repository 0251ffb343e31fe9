"""Live stock updates, pushed over WebSockets and server-sent events."""
import asyncio
import json
import logging

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse

from app.schemas import StockEvent

logger = logging.getLogger(__name__)
router = APIRouter(tags=["events"])


class StockBroadcaster:
    """Fans one stream of stock events out to every connected client."""

    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()
        self.queues: set[asyncio.Queue[StockEvent]] = set()

    async def connect(self, websocket: WebSocket) -> None:
        await websocket.accept()
        self.sockets.add(websocket)

    def disconnect(self, websocket: WebSocket) -> None:
        self.sockets.discard(websocket)

    async def publish(self, event: StockEvent) -> None:
        message = event.model_dump_json()
        for queue in self.queues:
            if not queue.full():  # a slow SSE client misses events instead of stalling everyone
                queue.put_nowait(event)
        for websocket in list(self.sockets):
            try:
                await websocket.send_text(message)
            except (WebSocketDisconnect, RuntimeError):
                self.disconnect(websocket)


broadcaster = StockBroadcaster()


@router.websocket("/ws/stock")
async def stock_websocket(websocket: WebSocket):
    await broadcaster.connect(websocket)
    logger.info("WebSocket client joined from %s", websocket.client)
    try:
        while True:
            # Clients may send {"ping": true}; anything else is ignored.
            message = json.loads(await websocket.receive_text())
            if message.get("ping"):
                await websocket.send_json({"pong": True})
    except WebSocketDisconnect:
        broadcaster.disconnect(websocket)


async def stock_event_stream(request: Request):
    queue: asyncio.Queue[StockEvent] = asyncio.Queue(maxsize=100)
    broadcaster.queues.add(queue)
    try:
        while not await request.is_disconnected():
            try:
                event = await asyncio.wait_for(queue.get(), timeout=15)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            yield f"event: stock\ndata: {event.model_dump_json()}\n\n"
    finally:
        broadcaster.queues.discard(queue)


@router.get("/events/stock")
async def stock_events(request: Request):
    return StreamingResponse(
        stock_event_stream(request),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
