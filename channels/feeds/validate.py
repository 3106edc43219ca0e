"""Check a written feed file before it replaces the live one.

The file is parsed as it is stored (gzip), streaming, in strict mode: a file that does not parse
is fatal. Header elements the kind requires must be there; every offer is checked by the
writer's own rules, and offer ids must be unique. The caller compares the count of invalid
offers with the channel's threshold.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

from lxml import etree

MAX_MESSAGES = 200


@dataclass
class Report:
    offers: int = 0
    invalid: int = 0
    fatal: str = ""
    messages: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)

    def invalid_percent(self) -> float:
        return 100.0 * self.invalid / self.offers if self.offers else 0.0


def validate_file(path, writer) -> Report:
    report = Report()
    context: dict = {"categories": set()}
    try:
        root_tag, header = _read_header(path, writer, context)
        _check_offers(path, writer, context, report)  # the whole file, strictly
    except (etree.XMLSyntaxError, OSError, EOFError) as exc:
        report.fatal = f"the file does not parse: {exc}"
        return report
    if _local(root_tag) != writer.root_tag:
        report.fatal = f"the root element is not <{writer.root_tag}>"
    for message in writer.check_header(writer.root_tag, header):
        report.fatal = report.fatal or message
    if not report.fatal and report.offers == 0:
        report.fatal = "the feed has no offers"
    return report


def _read_header(path, writer, context):
    """The root's tag and the paths of the elements before the first offer (up to 3 levels)."""
    header, stack, root_tag = set(), [], ""
    with gzip.open(path, "rb") as stream:
        for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                              no_network=True, huge_tree=True):
            if event == "start":
                if element.tag == writer.offer_tag:
                    break
                root_tag = root_tag or element.tag
                stack.append(element.tag)
                continue
            stack.pop()
            if len(stack) <= 3:
                path_name = "/".join(_local(t) for t in stack[1:] + [element.tag])
                header.add(path_name)
                writer.note_header(path_name, element, context)
    return root_tag, header


def _check_offers(path, writer, context, report):
    seen_ids: set[str] = set()
    with gzip.open(path, "rb") as stream:
        for _event, element in etree.iterparse(stream, events=("end",), tag=writer.offer_tag,
                                               resolve_entities=False, no_network=True, huge_tree=True):
            _check_offer(writer, element, context, seen_ids, report)
            element.clear()
            parent = element.getparent()
            while element.getprevious() is not None:  # drop what was checked
                del parent[0]


def _check_offer(writer, element, context, seen_ids, report):
    report.offers += 1
    offer_id = writer.offer_id(element)
    errors = writer.check_offer(element, context)
    if offer_id in seen_ids:
        errors.append("duplicate id")
    seen_ids.add(offer_id)
    if errors:
        report.invalid += 1
        report.add(f"{offer_id or '?'}: {'; '.join(errors)}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
