"""Factories of visits (the shared personas and customers come from tests.factories)."""

from __future__ import annotations

import datetime as dt

import factory

from kamdesk.visits.models import Visit
from tests.factories import CustomerFactory


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    customer = factory.SubFactory(CustomerFactory)
    manager = factory.LazyAttribute(lambda o: o.customer.manager)
    kind = "on_site"
    purpose = "季度走访"
    planned_date = dt.date(2026, 11, 25)
    planned_time = dt.time(10, 0)


# A 1x1 transparent PNG is too small for a signature; this is 40x20, grayscale.
def tiny_png(width: int = 40, height: int = 20) -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + bytes([255] * width) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def png_data_url() -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
