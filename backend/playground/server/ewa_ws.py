"""`/ws/ewa`: the EWA lab's live averages (protocol in shared/protocol/ewa.md).

The client sends an EwaConfig whenever beta, the betas, the unit or the series change; the server answers
each with one binary frame holding the series, its averages for every beta (with and without bias
correction) and the past-day weights. While the slider moves, configs can arrive faster than answers go
out: a one-slot Outbox keeps only the newest, so a slow client skips stale betas instead of queueing them.
Averaging runs off the event loop (a 20,000-day series takes tens of milliseconds).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, WebSocket

from playground.config import EwaConfig
from playground.ewa_data import MAX_VALUES, SERIES, SeriesError, load_series, parse_series_text
from playground.ewa_lab import compute, e_folding_days, weight_days, weights, window_days
from playground.frames import NonFiniteError, encode_frame
from playground.server import wsbase

PROTOCOL = 1
router = APIRouter()


def hello_fields() -> dict:
    """What the page needs before its first config: the shipped series and the schema defaults."""
    shipped = []
    for name, (_, _, description) in SERIES.items():
        s = load_series(name)
        shipped.append(
            {"name": name, "description": description, "count": len(s.values), "first": s.dates[0]}
        )
    return {
        "series": shipped,
        "defaults": EwaConfig().model_dump(),
        "schema": EwaConfig.model_json_schema(),  # bounds the page checks URL fields against
        "max_values": MAX_VALUES,
    }


def ewa_frame(cfg: EwaConfig, seq: int | None) -> bytes:
    """One answer: header (series, betas, windows, dates) + float64 arrays (see the protocol doc)."""
    r = compute(cfg)
    header = {
        "type": "ewa",
        "seq": seq,
        "series": r.series.name,
        "description": r.series.description,
        "unit": r.unit,
        "betas": list(r.betas),
        "bias_correction": r.bias_correction,
        "windows": [window_days(b) for b in r.betas],
        "e_folding": [e_folding_days(b) for b in r.betas],
        "weight_days": weight_days(r.betas),
        "dates": list(r.series.dates) if r.series.dates else None,
    }
    arrays = {"values": r.values, "averages": r.averages, "weights": weights(r.betas)}
    if r.bias_correction:
        arrays["uncorrected"] = r.uncorrected  # else averages are already the uncorrected curves
    return encode_frame(header, arrays)


def build(cfg: EwaConfig, seq: int | None) -> bytes:
    """ewa_frame with its failures turned into wire errors naming the field."""
    try:
        return ewa_frame(cfg, seq)
    except SeriesError as e:
        raise wsbase.WireError("invalid_config", "config.series", str(e)) from None
    except NonFiniteError:
        raise wsbase.WireError(
            "invalid_config", "config.values", "values too large: the averages overflow (keep |x| < 1e300)"
        ) from None


def parsed(text: object, seq: int | None) -> dict:
    """A `parse` request's answer: the series as numbers, or a `bad_series` error naming the line."""
    if not isinstance(text, str):
        raise wsbase.WireError("invalid_message", "text", "`text` must be the pasted CSV as a string")
    try:
        s = parse_series_text(text)
    except SeriesError as e:
        err = wsbase.WireError("bad_series", "text", str(e))
        err.line = e.line
        raise err from None
    return {"type": "series", "seq": seq, "values": list(s.values), "dates": s.dates, "count": len(s.values)}


def _seq(msg: dict) -> int | None:
    seq = msg.get("seq")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and abs(seq) < 2**53 else None


async def _answer(channel: wsbase.Channel, outbox: wsbase.Outbox) -> None:
    """Compute and send the newest queued config, forever (cancelled when the socket closes)."""
    while not channel.closed:
        cfg, seq = await outbox.get()
        try:
            frame = await asyncio.to_thread(build, cfg, seq)
        except wsbase.WireError as err:
            await channel.send_error(err)
            continue
        await channel.send_bytes(frame)


async def _send_error(channel: wsbase.Channel, err: wsbase.WireError, seq: int | None) -> None:
    msg = {**err.to_message(), "seq": seq}
    line = getattr(err, "line", None)
    if line is not None:
        msg["line"] = line
    await channel.send_json(msg)


@router.websocket("/ws/ewa")
async def ewa_socket(websocket: WebSocket) -> None:
    channel = await wsbase.accept(websocket, "ewa")
    if channel is None:
        return
    async with channel:
        await channel.send_json(wsbase.hello("ewa", PROTOCOL, **hello_fields()))
        outbox = wsbase.Outbox()
        worker = asyncio.create_task(_answer(channel, outbox))
        try:
            while (msg := await channel.receive()) is not None:
                seq = _seq(msg)
                try:
                    if msg["type"] == "config":
                        outbox.put((wsbase.validate(EwaConfig, msg.get("config"), "config"), seq))
                    elif msg["type"] == "parse":
                        await channel.send_json(await asyncio.to_thread(parsed, msg.get("text"), seq))
                    else:
                        raise wsbase.WireError(
                            "unknown_type", "type", f"unknown message type {msg['type']!r} (config, parse)"
                        )
                except wsbase.WireError as err:
                    await _send_error(channel, err, seq)
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)


__all__ = ["router", "ewa_frame", "PROTOCOL"]
