"""The ontology of ../shared/ontology.md as Python constants: the one place labels are spelled.

>>> ORGANIZATION_KINDS[0]
'University'
>>> primary_label(["Organization", "Enterprise"])
'Enterprise'
"""

from __future__ import annotations

ORGANIZATION_KINDS: tuple[str, ...] = (
    "University",
    "ResearchInstitute",
    "Enterprise",
    "Incubator",
    "Government",
    "Association",
)
ENTITY_TYPES: tuple[str, ...] = ORGANIZATION_KINDS + ("District",)
EVENT_KINDS: tuple[str, ...] = (
    "signing",
    "unveiling",
    "settlement",
    "opening",
    "competition",
    "conference",
)
DISTRICT_LEVELS: tuple[str, ...] = ("city", "county", "district", "zone", "town")
PARTY_ROLES: tuple[str, ...] = ("signatory", "host", "witness", "participant")

RELATIONSHIP_TYPES: tuple[str, ...] = (
    "LOCATED_IN",
    "PART_OF",
    "PARTY_TO",
    "HELD_IN",
    "ESTABLISHES",
    "FOUNDED_BY",
    "BRANCH_OF",
    "OPERATED_BY",
    "COLLABORATES_WITH",
    "MENTIONED_IN",
)

# Chinese names used by the UI, the path explanations and the views.
LABEL_ZH: dict[str, str] = {
    "Organization": "机构",
    "University": "高校",
    "ResearchInstitute": "科研院所",
    "Enterprise": "企业",
    "Incubator": "孵化载体",
    "Government": "政府部门",
    "Association": "协会联盟",
    "District": "地区",
    "Event": "事件",
    "SigningEvent": "签约",
    "Document": "文档",
}
RELATIONSHIP_ZH: dict[str, str] = {
    "LOCATED_IN": "位于",
    "PART_OF": "隶属",
    "PARTY_TO": "参与",
    "HELD_IN": "举办于",
    "ESTABLISHES": "设立",
    "FOUNDED_BY": "共建",
    "BRANCH_OF": "分支",
    "OPERATED_BY": "运营",
    "COLLABORATES_WITH": "合作",
    "MENTIONED_IN": "出自",
}
EVENT_KIND_ZH: dict[str, str] = {
    "signing": "签约",
    "unveiling": "揭牌",
    "settlement": "落户",
    "opening": "开园",
    "competition": "大赛",
    "conference": "会议",
}


def primary_label(labels: list[str] | tuple[str, ...]) -> str:
    """The most specific label of a node: its organisation kind, or its only label.

    >>> primary_label(["Event", "SigningEvent"])
    'Event'
    >>> primary_label(["District"])
    'District'
    """
    for label in labels:
        if label in ORGANIZATION_KINDS:
            return label
    return labels[0]


def labels_for_event(kind: str) -> list[str]:
    """Labels of an event node: every event is an ``Event``; a signing is a ``SigningEvent`` too.

    >>> labels_for_event("signing")
    ['Event', 'SigningEvent']
    """
    return ["Event", "SigningEvent"] if kind == "signing" else ["Event"]
