"""The first pass of an import: a compact index of everything in a PTV input except the service locations.

A service location is mapped from its own record plus the services it offers, their organisations and the phone,
e-service and web-page channels that share those services. So the first pass reads the whole input once and keeps
only small summaries of those (the mapping decision of each service, not its descriptions) and, for each service
location, which version is the newest; the second pass (``sotekg.ptv.importer``) reads the input again and maps
one service location at a time. Memory grows with the number of services and channels, by a few hundred bytes
each, never with the size of the records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rdflib import Literal, URIRef

from ..namespaces import SCHEMA
from .mapping import MappingTables, ServiceMapping
from .reader import display_name, localised, modified_time, record_kind


@dataclass(frozen=True)
class ServiceSummary:
    """What the mapping needs of one service."""

    modified: datetime
    name: str
    mapping: ServiceMapping
    channel_ids: tuple[str, ...]  # the channels the service record links to
    facts: dict[str, tuple[str, ...]]  # what the kind rules look at (MappingTables.service_facts)


@dataclass(frozen=True)
class OtherChannel:
    """A phone, e-service or web-page channel (or a channel type we do not use)."""

    kind: str
    name: str
    organisation: str | None
    modified: datetime
    service_ids: tuple[str, ...]
    contacts: tuple[tuple[URIRef, Literal | URIRef], ...]


@dataclass
class Catalogue:
    """The index of one input. ``scan`` fills it from ``(origin, item)`` pairs."""

    tables: MappingTables
    services: dict[str, ServiceSummary] = field(default_factory=dict)
    organisations: dict[str, dict[str, str]] = field(default_factory=dict)
    organisation_versions: dict[str, datetime] = field(default_factory=dict)
    locations: dict[str, datetime] = field(default_factory=dict)  # service location id → its newest version
    location_origins: set[str] = field(default_factory=set)  # where the newest versions are
    others: dict[str, OtherChannel] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)
    superseded: int = 0
    _digest: Any = field(default_factory=hashlib.sha256)
    services_of_channel: dict[str, set[str]] = field(default_factory=dict)
    others_of_service: dict[str, set[str]] = field(default_factory=dict)

    def scan(self, items: Iterable[tuple[str, Any]]) -> Catalogue:
        for origin, item in items:
            self.add(origin, item)
        self._link()
        return self

    def add(self, origin: str, item: Any) -> None:
        kind = record_kind(item)
        if kind is None:
            self.unrecognised.append(origin)
            return
        ptv_id, modified = item["id"], modified_time(item)
        self._digest.update(f"{ptv_id} {item.get('modified') or ''}\n".encode())
        if kind == "service":
            held = self.services.get(ptv_id)
            if self._newer(held.modified if held else None, modified):
                self.services[ptv_id] = self._service(item, modified)
        elif kind == "organization":
            if self._newer(self.organisation_versions.get(ptv_id), modified):
                self.organisation_versions[ptv_id] = modified
                self.organisations[ptv_id] = localised(item.get("organizationNames"), "Name")
        elif item.get("serviceChannelType") == "ServiceLocation":
            if self._newer(self.locations.get(ptv_id), modified):
                self.locations[ptv_id] = modified
                self.location_origins.add(origin)
        else:
            held_other = self.others.get(ptv_id)
            if self._newer(held_other.modified if held_other else None, modified):
                self.others[ptv_id] = _other_channel(item, modified)

    def _newer(self, held: datetime | None, modified: datetime) -> bool:
        """Whether a record of version ``modified`` replaces the one held (the newer wins; the first of equals)."""
        if held is None:
            return True
        self.superseded += 1
        return modified > held

    def _service(self, service: dict, modified: datetime) -> ServiceSummary:
        mapping = self.tables.map_service(service)
        return ServiceSummary(
            modified,
            display_name(localised(service.get("serviceNames"), "Name")),
            mapping,
            tuple(
                link["serviceChannel"]["id"]
                for link in service.get("serviceChannels") or []
                if isinstance(link.get("serviceChannel"), dict) and link["serviceChannel"].get("id")
            ),
            self.tables.service_facts(service, mapping.service_types),
        )

    def _link(self) -> None:
        """The links each way: services named by channel records and channels named by service records."""
        for service_id, service in self.services.items():
            for channel_id in service.channel_ids:
                self.services_of_channel.setdefault(channel_id, set()).add(service_id)
        for channel_id, channel in self.others.items():
            for service_id in set(channel.service_ids) | self.services_of_channel.get(channel_id, set()):
                self.others_of_service.setdefault(service_id, set()).add(channel_id)

    def counts(self) -> dict[str, int]:
        return {
            "service channels": len(self.locations) + len(self.others),
            "services": len(self.services),
            "organisations": len(self.organisations),
        }

    def digest(self) -> str:
        """A digest of every record's id and version, in input order."""
        return self._digest.hexdigest()


def linked_service_ids(channel: dict) -> list[str]:
    """The services a channel record links to."""
    return [
        link["service"]["id"]
        for link in channel.get("services") or []
        if isinstance(link.get("service"), dict) and link["service"].get("id")
    ]


def channel_contacts(channel: dict) -> tuple[tuple[URIRef, Literal | URIRef], ...]:
    """Phones, e-mails and web pages of a channel, each once, in order."""
    found: list[tuple[URIRef, Literal | URIRef]] = []
    for entry in (channel.get("phoneNumbers") or []) + (channel.get("supportPhones") or []):
        number = phone_number(entry)
        if number:
            found.append((SCHEMA.telephone, Literal(number)))
    for entry in (channel.get("emails") or []) + (channel.get("supportEmails") or []):
        if entry.get("value"):
            found.append((SCHEMA.email, Literal(entry["value"].strip())))
    for entry in channel.get("webPages") or []:
        url = (entry.get("url") or "").strip()
        if url.startswith(("http://", "https://")) and not any(c in url for c in ' <>"{}|\\^`'):
            found.append((SCHEMA.url, URIRef(url)))
    return tuple(dict.fromkeys(found))


def phone_number(entry: dict) -> str | None:
    """An E.164-style number from PTV's prefix and number (dropping the trunk 0 after a country prefix)."""
    number = "".join((entry.get("number") or "").split())
    if not number:
        return None
    prefix = (entry.get("prefixNumber") or "").strip()
    if entry.get("isFinnishServiceNumber") or not prefix:
        return number
    return prefix + number.removeprefix("0")


def _other_channel(channel: dict, modified: datetime) -> OtherChannel:
    return OtherChannel(
        channel.get("serviceChannelType", "?"),
        display_name(localised(channel.get("serviceChannelNames"), "Name")),
        channel.get("organizationId"),
        modified,
        tuple(linked_service_ids(channel)),
        channel_contacts(channel),
    )
