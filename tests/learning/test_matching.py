"""Who a path or a launch rule targets, and which launches a rule matches (pure)."""

from kamdesk.learning.matching import audience_includes, launch_matches


def test_it_includes_every_grade_when_a_path_names_none():
    assert audience_includes(roles=["manager"], grades=[], role="manager", grade="senior")
    assert audience_includes(roles=[], grades=[], role="backoffice", grade="")


def test_it_narrows_managers_by_grade_and_leaves_other_roles_alone():
    grades = ["trainee", "junior"]
    assert audience_includes(roles=[], grades=grades, role="manager", grade="junior")
    assert not audience_includes(roles=[], grades=grades, role="manager", grade="senior")
    assert not audience_includes(roles=[], grades=grades, role="manager", grade="")
    assert audience_includes(roles=[], grades=grades, role="supervisor", grade="")
    assert not audience_includes(roles=["manager"], grades=[], role="supervisor", grade="")


def test_it_matches_launches_by_kind_code_and_segment():
    def matches(**rule):
        base = {"rule_kind": "plan", "codes": [], "segment": ""} | rule
        return launch_matches(**base, kind="plan", code="JT98", tariff_segment="group")

    assert matches()
    assert matches(codes=["JT98", "JT158"]) and not matches(codes=["JT158"])
    assert matches(segment="group") and not matches(segment="individual")
    assert not matches(rule_kind="addon")
