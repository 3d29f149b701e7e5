#!/usr/bin/env python3
"""Example client of the `vist run --control PORT` protocol.

Every message, both ways, is a 4-byte big-endian length followed by one MessagePack map.
Requests carry "type" (hello, get_state, set_param, load_scene, pause, resume, mark, subscribe,
unsubscribe) and an optional "id" that the reply echoes; replies carry "ok" and either results or "error".
After "subscribe", the server also sends {"type": "rates", "frame", "t", "rates": [...], "latency_ms"}.

This example steps a grating's contrast and prints the mean rate of the population at each step:

    vist run --scene scenes/grating.json --model ln --control 7878 &
    python3 tools/vist_client.py --port 7878 --layer grating --param contrast --values 0.1 0.3 1.0

With the LN retina (--model ln) the mean rates are about 3.4, 10.0 and 54.7 spikes/s; the default Vi-ST model,
trained briefly on that retina, answers more weakly (about 3.5, 4.7 and 5.9).

Needs the msgpack package (pip install msgpack).
"""
import argparse
import socket
import struct
import sys

import msgpack


class VistClient:
    def __init__(self, host="127.0.0.1", port=7878):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.next_id = 0
        self.pending = []   # rate messages that arrived while waiting for a reply

    def send(self, message):
        body = msgpack.packb(message, use_bin_type=True)
        self.sock.sendall(struct.pack(">I", len(body)) + body)

    def receive(self):
        (length,) = struct.unpack(">I", self._read(4))
        return msgpack.unpackb(self._read(length), raw=False)

    def request(self, type_, **fields):
        """Sends a request and returns its reply (streamed rates that arrive meanwhile go to self.pending)."""
        self.next_id += 1
        self.send({"type": type_, "id": self.next_id, **fields})
        while True:
            m = self.receive()
            if m.get("type") == "rates":
                self.pending.append(m)
            elif m.get("id") == self.next_id or m.get("fatal"):
                if not m.get("ok"):
                    raise RuntimeError(m.get("error"))
                return m

    def rates(self):
        """Yields streamed rate messages (after subscribe)."""
        while self.pending:
            yield self.pending.pop(0)
        while True:
            m = self.receive()
            if m.get("type") == "rates":
                yield m

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("vist closed the connection")
            data += chunk
        return data


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7878)
    ap.add_argument("--layer", default="grating")
    ap.add_argument("--param", default="contrast")
    ap.add_argument("--values", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    ap.add_argument("--seconds", type=float, default=2.0, help="how long to listen at each value")
    args = ap.parse_args()
    try:
        run(args)
    except ConnectionRefusedError:
        sys.exit(f"error: nothing listens on {args.host}:{args.port} (start vist run ... --control {args.port})")
    except RuntimeError as e:
        sys.exit(f"error: vist refused: {e}")


def run(args):
    vist = VistClient(args.host, args.port)
    hello = vist.request("hello")
    print(f"connected to {hello['server']} (model {hello['model']}, {len(hello['cells'])} cells)")
    vist.request("subscribe")
    stream = vist.rates()
    frames_per_value = int(args.seconds * hello["frame_rate"])
    for value in args.values:
        applied = vist.request("set_param", layer=args.layer, name=args.param, value=value)
        vist.request("mark", label=f"{args.layer}.{args.param}={value}")
        total, n = 0.0, 0
        for m in stream:
            if m["frame"] < applied["frame"]:
                continue   # still the old stimulus
            total += sum(m["rates"]) / len(m["rates"])
            n += 1
            if n >= frames_per_value:
                break
        print(f"{args.layer}.{args.param} = {value:g} from frame {applied['frame']}: "
              f"mean rate {total / n:.2f} spikes/s over {n} frames")
    state = vist.request("get_state")
    print(f"state: frame {state['frame']}, late {state['late']}, dropped {state['dropped']}")


if __name__ == "__main__":
    main()
